"""Several systems' outputs for one source, against a baseline: the figures, flag rates and paired tests.

String metrics (BLEU, chrF, TER) need references; cross-lingual similarity and flag rates need
none (vendor audits). Every figure is tested against the baseline by ``bootstrap.paired_test``:
sacrebleu's paired bootstrap or approximate randomization, its p-values and 95% intervals, over
the same segments, in bounded memory; so the string metrics' numbers are exactly sacrebleu's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..config import Config
from ..detectors import DETECTORS, check_config, select_detectors
from ..pipeline import compare_segments
from ..embed import CachedEmbedder
from ..errors import InputError
from ..ingest.langid import check_languages
from ..metrics.document import text_length
from ..metrics.strings import check_references, string_metrics
from ..records import Flag
from ..signature import evaltool_signature
from ..wording import plural
from .bootstrap import CONFIDENCE_SAMPLES, Figure, PairedResult, paired_test, ratio_figure
from .gate import compare_gate_failures

if TYPE_CHECKING:
    from distributed import Client

LOWER_IS_BETTER = {"TER"}
FIGURE_COLUMNS = ["system", "figure", "score", "delta", "p_value", "ci_low", "ci_high", "better", "p_holm"]
FLAGGED_COLUMNS = ["system", "line", "type", "severity", "evidence", "src_text", "tgt_text", "ref_text"]


@dataclass
class Comparison:
    """Results as pandas DataFrames plus the signatures and the gate verdict."""

    baseline: str
    figures: pd.DataFrame  # one row per (system, figure): score, delta vs baseline, p, 95% CI
    flags: pd.DataFrame  # one row per (system, type, severity): count, per 1,000 source words
    documents: pd.DataFrame  # one row per (document, system)
    signatures: dict[str, str]
    gate_failures: list[str] = field(default_factory=list)
    gate_configured: bool = False
    flagged: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per flag: system, line, evidence, texts
    p_level: float = 0.05  # a difference with p below this is marked significant ([gate] p_value)
    samples: int = 1000  # resamples (or trials) of each test: its smallest p-value is 1 / (samples + 1)

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON form (see README, "compare output").

        Keys are only ever added. ``documents`` rows: doc_id, system, segments, similarity, flags,
        critical, BLEU/chrF (with references), then a count per flag type (``omission``, ``addition``,
        ``negation``, ``number``, ``untranslated`` always; ``partial-omission``, ``entity``,
        ``mistranslation`` when the run has one) and ``critical_lines``: the sorted 1-based line
        numbers (in the input files) of the document's critical flags for that system. ``flags`` rows
        carry ``lines``, the sorted 1-based lines of their flags, and ``new_lines``, those the baseline
        has no flag of that type and severity on; ``flagged`` lists every flag: system,
        line, type, severity, evidence, and the line's ``src_text``, ``tgt_text`` (that system's) and
        ``ref_text`` (the first reference's; null without references). ``figures`` rows carry
        ``p_holm``: the p-value after Holm's correction over every p-value in the table.
        """
        return {
            "baseline": self.baseline,
            "signatures": self.signatures,
            "figures": _records(self.figures),
            "flags": _records(self.flags),
            "documents": _records(self.documents),
            "flagged": _records(self.flagged),
            "gate": {
                "configured": self.gate_configured,
                "passed": not self.gate_failures,
                "failures": self.gate_failures,
            },
        }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def _check_inputs(
    src: Sequence[str],
    systems: Mapping[str, Sequence[str]],
    baseline: str,
    references: Sequence[Sequence[str]],
    doc_ids: Sequence[str] | None,
    config: Config,
) -> None:
    check_config(config)
    if baseline not in systems:
        raise InputError(f"baseline {baseline!r} is not one of the systems: {', '.join(systems)}")
    if len(systems) < 2:
        raise InputError("compare needs at least two systems (a baseline and one more)")
    for name, hyps in systems.items():
        if len(hyps) != len(src):
            raise InputError(f"system {name} has {plural(len(hyps), 'line')} but the source has {len(src)}")
    if references:
        check_references(src, references)
    if doc_ids is not None and len(doc_ids) != len(src):
        raise InputError(f"the document ids have {plural(len(doc_ids), 'line')} but the source has {len(src)}")
    texts = [("the source", src, config.src_lang)]
    texts += [(f"system {name}", hyps, config.tgt_lang) for name, hyps in systems.items()]
    texts += [(f"reference {k}", ref, config.tgt_lang) for k, ref in enumerate(references, start=1)]
    check_languages(texts, min_share=config.ingest.bilingual_min_share)


def _flag_matrix(flags: list[Flag], n: int, keys: list[str]) -> dict[str, np.ndarray]:
    """Per-segment flag counts for each key: "all", "critical", a type, or "type/severity"."""
    counts = {key: np.zeros(n) for key in keys}
    for flag in flags:
        for key in ("all", flag.severity, flag.type, f"{flag.type}/{flag.severity}"):
            if key in counts:
                counts[key][flag.bead] += 1
    return counts


def compare_systems(
    *,
    src: Sequence[str],
    systems: Mapping[str, Sequence[str]],
    baseline: str,
    embedder: CachedEmbedder,
    config: Config,
    references: Sequence[Sequence[str]] = (),
    doc_ids: Sequence[str] | None = None,
    metrics: Sequence[str] = ("BLEU", "chrF"),
    samples: int = 1000,
    test: str = "bs",
    seed: int = 12345,
    on_phase: Callable[[str], None] | None = None,
    client: Client | None = None,
) -> Comparison:
    """Score every system, test each against the baseline, and apply the compare gate.

    ``on_phase`` (the CLI's progress spinner) is told, in words, what each long step does as it starts.

    ``metrics`` are the string metrics computed when references are given; TER is left
    out by default because sacrebleu's TER costs ~20 ms a segment (minutes for a test set
    with several systems): add "TER" when you want it. With a Dask ``client`` the systems'
    similarities and flags are computed in chunks on its workers (the same figures).
    """
    _check_inputs(src, systems, baseline, references, doc_ids, config)
    names = [baseline] + [n for n in systems if n != baseline]
    phase = on_phase or (lambda text: None)
    phase(f"embedding and checking {plural(len(src), 'segment')} of {plural(len(names), 'system')}")
    # The detectors that need no vectors, the plain mistranslation check replaced by mistranslation-words
    # (it embeds the words of flagged lines only); the content-word check (many texts a segment to
    # embed) would dominate a run over several systems.
    detectors = select_detectors(names=[*select_detectors(available=()), "mistranslation-words"])
    segments = compare_segments(src, systems, embedder=embedder, config=config, detectors=detectors, client=client)
    sims = {n: np.asarray(segments[n][0]) for n in names}
    flags = {n: segments[n][1] for n in names}
    units = np.array([text_length(s, config.src_lang) for s in src], dtype=float)
    flag_types = sorted({f.type for fl in flags.values() for f in fl})
    rate_keys = ["all", "critical", *flag_types]
    counts = {n: _flag_matrix(flags[n], len(src), rate_keys) for n in names}

    rows: list[dict[str, Any]] = []
    signatures = {"evaltool": evaltool_signature(config, model=embedder.name) + _test_signature(test, samples, seed)}
    if references:
        phase(f"{', '.join(metrics)} of {plural(len(names), 'system')} against {plural(len(references), 'reference')}")
        string_rows, string_sigs = _string_tests(
            names, systems, references, config, metrics=metrics, samples=samples, test=test, seed=seed
        )
        rows += string_rows
        signatures.update(string_sigs)
    tested = {"similarity": ratio_figure({n: sims[n] for n in names}, np.ones(len(src)))}
    for key in rate_keys:
        figure = "flags/1k" if key == "all" else f"{key}/1k"
        tested[figure] = ratio_figure({n: counts[n][key] for n in names}, units, scale=1000)
    method = "paired bootstrap" if test == "bs" else "approximate randomization"
    phase(f"{method} of {plural(len(tested), 'figure')}, {plural(samples, 'resample' if test == 'bs' else 'trial')}")
    results = paired_test(tested, names, test=test, samples=samples, seed=seed)
    for n in names:
        for figure, by_system in results.items():
            better = "higher" if figure == "similarity" else "lower"
            rows.append(_row(n, figure, by_system[n], better=better, baseline=n == baseline))
    figures = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    figures["p_holm"] = holm_adjusted(figures["p_value"].tolist())
    flag_table = _flag_table(names, flags, units.sum())
    documents = _document_table(names, systems, references, doc_ids, sims, flags, config, metrics)
    failures = compare_gate_failures(
        figures, flag_table, baseline=baseline, gate=config.gate, src_lang=config.src_lang
    )
    gate = config.gate
    configured = bool(gate.max_drop or gate.max_new_flags or gate.max_flags_per_1k)
    flagged = _flagged_table(names, flags, src, systems, references)
    return Comparison(
        baseline, figures, flag_table, documents, signatures, failures, configured, flagged, gate.p_value, samples
    )


def _flagged_table(
    names: list[str],
    flags: dict[str, list[Flag]],
    src: Sequence[str],
    systems: Mapping[str, Sequence[str]],
    references: Sequence[Sequence[str]],
) -> pd.DataFrame:
    """One row per flag, in line order per system, with the texts of its line, so that a reviewer
    reads the flag without opening the input files."""
    ref = references[0] if references else None
    rows = [
        {"system": n, "line": f.bead + 1, "type": f.type, "severity": f.severity, "evidence": f.evidence,
         "src_text": src[f.bead], "tgt_text": systems[n][f.bead], "ref_text": None if ref is None else ref[f.bead]}
        for n in names for f in sorted(flags[n], key=lambda f: f.bead)
    ]
    return pd.DataFrame(rows, columns=FLAGGED_COLUMNS)


def holm_adjusted(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm–Bonferroni adjusted p-values over the given tests (None: no test, kept None).

    The k-th smallest of m p-values becomes max over j ≤ k of min(1, (m − j + 1) · p_(j)); a test
    whose adjusted p is below the level is significant with the family-wise error rate held at that level.
    """
    tested = [(p, i) for i, p in enumerate(p_values) if p is not None and not np.isnan(p)]
    adjusted: list[float | None] = [None] * len(p_values)
    running, m = 0.0, len(tested)
    for rank, (p, i) in enumerate(sorted(tested)):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = running
    return adjusted


def _row(name: str, figure: str, result: PairedResult, *, better: str, baseline: bool) -> dict[str, Any]:
    return {
        "system": name,
        "figure": figure,
        "score": result.score,
        "delta": None if baseline else result.delta,
        "p_value": None if baseline else result.p_value,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "better": better,
    }


def _test_signature(test: str, samples: int, seed: int) -> str:
    """The test part of the signature, in sacrebleu's words: ``|bs:1000|seed:12345``, ``|ar:N|bs:1000|seed:…``."""
    confidence = f"|bs:{CONFIDENCE_SAMPLES}" if test == "ar" else ""
    return f"|{test}:{samples}{confidence}|seed:{seed}"


def _string_tests(
    names: list[str],
    systems: Mapping[str, Sequence[str]],
    references: Sequence[Sequence[str]],
    config: Config,
    *,
    metrics: Sequence[str],
    samples: int,
    test: str,
    seed: int,
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The string metrics' paired tests; rows in the figures table and sacrebleu's signatures.

    sacrebleu's own per-segment statistics and scoring, tested by ``paired_test`` as sacrebleu's
    PairedTest tests them (the same numbers; PairedTest itself needs samples × segments × statistics
    in memory).
    """
    metric_objects = string_metrics(tgt_lang=config.tgt_lang, names=metrics)
    tested, signatures = string_figures(names, systems, references, metric_objects)
    for signature in signatures.values():
        signature.update("seed", str(seed))
        signature.update(test, samples)
        if test == "ar":
            signature.update("bs", CONFIDENCE_SAMPLES)
    results = paired_test(tested, names, test=test, samples=samples, seed=seed)
    rows = [
        _row(n, figure, by_system[n], better="lower" if figure in LOWER_IS_BETTER else "higher",
             baseline=n == names[0])
        for figure, by_system in results.items() for n in names
    ]
    return rows, {figure: str(signature) for figure, signature in signatures.items()}


def string_figures(
    names: Sequence[str],
    systems: Mapping[str, Sequence[str]],
    references: Sequence[Sequence[str]],
    metric_objects: Mapping[str, Any],
) -> tuple[dict[str, Figure], dict[str, Any]]:
    """Each sacrebleu metric as a ``Figure`` (its per-segment statistics, its score of their sums)
    under evaltool's name for it, and its sacrebleu signature (with the number of references)."""
    refs = [list(r) for r in references]
    figures: dict[str, Figure] = {}
    signatures: dict[str, Any] = {}
    for metric in metric_objects.values():
        stats = {n: np.asarray(metric._extract_corpus_statistics(list(systems[n]), refs), dtype=float) for n in names}
        figure = _display_name(metric._compute_score_from_stats(stats[names[0]].sum(axis=0)).name)
        figures[figure] = Figure({n: tuple(s.T) for n, s in stats.items()}, _scorer(metric))
        signatures[figure] = metric.get_signature()
    return figures, signatures


def _scorer(metric: Any) -> Callable[[np.ndarray], float]:
    """The metric's figure of summed statistics (sacrebleu's ``_compute_score_from_stats``)."""

    def score(sums: np.ndarray) -> float:
        return metric._compute_score_from_stats(sums).score

    return score


def _display_name(sacrebleu_name: str) -> str:
    """sacrebleu says chrF2 / chrF2++; evaltool says chrF / chrF++."""
    if sacrebleu_name.startswith("chrF"):
        return "chrF++" if sacrebleu_name.endswith("++") else "chrF"
    return sacrebleu_name


def _flag_table(names: list[str], flags: dict[str, list[Flag]], total_units: float) -> pd.DataFrame:
    """One row per (system, type, severity): count, rate, the lines, and the lines the baseline
    (``names[0]``) has no such flag on."""
    by_key = {n: _lines_by_key(flags[n]) for n in names}
    rows = []
    for n in names:
        for (flag_type, severity), found in sorted(by_key[n].items()):
            per_1k = round(1000 * len(found) / total_units, 4) if total_units else 0.0
            lines = sorted(set(found))
            in_baseline = by_key[names[0]].get((flag_type, severity), [])
            new = [] if n == names[0] else [x for x in lines if x not in in_baseline]
            rows.append({"system": n, "type": flag_type, "severity": severity, "count": len(found),
                         "per_1k": per_1k, "lines": lines, "new_lines": new})
    return pd.DataFrame(rows, columns=["system", "type", "severity", "count", "per_1k", "lines", "new_lines"])


def _lines_by_key(flags: list[Flag]) -> dict[tuple[str, str], list[int]]:
    """1-based lines of the flags, per (type, severity)."""
    lines: dict[tuple[str, str], list[int]] = {}
    for flag in flags:
        lines.setdefault((flag.type, flag.severity), []).append(flag.bead + 1)
    return lines


def _document_table(
    names: list[str],
    systems: Mapping[str, Sequence[str]],
    references: Sequence[Sequence[str]],
    doc_ids: Sequence[str] | None,
    sims: dict[str, np.ndarray],
    flags: dict[str, list[Flag]],
    config: Config,
    metric_names: Sequence[str],
) -> pd.DataFrame:
    """Per-document similarity, flag counts (all, critical, each type) and (with references) chrF/BLEU
    for every system, and the lines of the critical flags."""
    ids = list(doc_ids) if doc_ids is not None else ["all"] * len(sims[names[0]])
    types = document_flag_types({f.type for fl in flags.values() for f in fl})
    order = list(dict.fromkeys(ids))
    wanted = [m for m in ("BLEU", "chrF") if m in metric_names]
    metrics = string_metrics(tgt_lang=config.tgt_lang, names=wanted) if references else {}
    rows = []
    for doc in order:
        segs = [i for i, d in enumerate(ids) if d == doc]
        seg_set = set(segs)
        for n in names:
            doc_flags = [f for f in flags[n] if f.bead in seg_set]
            row = {
                "doc_id": doc,
                "system": n,
                "segments": len(segs),
                "similarity": round(float(sims[n][segs].mean()), 4),
                "flags": len(doc_flags),
                "critical": sum(f.severity == "critical" for f in doc_flags),
            }
            for name in ("BLEU", "chrF"):
                if name in metrics:
                    hyps = [systems[n][i] for i in segs]
                    refs = [[ref[i] for i in segs] for ref in references]
                    row[name] = round(metrics[name].corpus_score(hyps, refs).score, 4)
            for flag_type in types:
                row[flag_type] = sum(f.type == flag_type for f in doc_flags)
            row["critical_lines"] = sorted({f.bead + 1 for f in doc_flags if f.severity == "critical"})
            rows.append(row)
    return pd.DataFrame(rows)


def document_flag_types(present: Iterable[str]) -> list[str]:
    """The per-type columns of the documents table for a run whose flags have the types ``present``.

    The types of audit detectors (``DetectorSpec.audit``) always have a column (0 when none), the
    others only when some system has one; in the order of the specs' ``column``, then by name.
    """
    present = set(present)
    order = sorted(DETECTORS.values(), key=lambda s: (s.column is None, s.column or 0, s.name))
    audit = list(dict.fromkeys(t for spec in order if spec.audit for t in spec.emits))
    shown = list(dict.fromkeys(t for spec in order if not spec.audit for t in spec.emits if t in present))
    return [*audit, *shown, *sorted(present - set(audit) - set(shown))]
