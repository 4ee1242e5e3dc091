"""Partial omission: a paired bead whose target leaves out part of its source.

Two text-only signals, so the detector works on any aligned document without a model:

Flags have their own type, ``partial-omission`` (an ``omission`` is a whole source sentence
left unaligned), with severity ``major`` or ``minor``.

* **Latin-script terms** (acronyms, product and proper names, e.g. ``FTIR``, ``NBA``,
  ``iPhone``) written in a Chinese source must reappear in the English target. A missing
  one is a ``major`` flag; its evidence names the term and the source clause it stands in.
  English acronyms are not required in a Chinese target: Chinese renders many of them in
  characters (NATO → 北约, UN → 联合国).
* **Length**: the target is far shorter than the language pair's norm for its source
  (English words per Chinese character, on a log scale, fitted on the DEMETR zh→en MT
  sentences). Below ``partial_length_z`` robust deviations the bead gets a ``minor``
  flag, below ``partial_length_major_z`` a ``major`` one; short sources are skipped
  because their ratio varies too much. This is what catches a dropped sentence that the
  aligner merged into a neighbour's bead (2-1) instead of leaving it unaligned.

Single dropped words (an adjective, a verb, a Chinese-script name) change neither signal
enough and are not caught (the alternative, leave-one-out clause embeddings, needs the model in
the detection context and ~0.6 s per sentence); see ``benchmarks/README.md`` for the measured recall.
"""

from __future__ import annotations

import math
import re

from ..records import Flag
from .base import MAJOR, MINOR, DetectionContext, text_size
from .registry import register

_LATIN_TERM = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9](?![A-Za-z])")
_CLAUSE_END = re.compile(r"(?<=[，,；;。.!?！？：:])")
# English words that may stand in a Chinese sentence without being a term to keep.
_ZH_LATIN_IGNORE = frozenset({"a", "an", "the", "of", "and", "or", "vs", "etc", "am", "pm"})


def _clause_of(text: str, start: int) -> str:
    """The clause (between ，；, ; and sentence ends) that holds position ``start``."""
    pos = 0
    for part in _CLAUSE_END.split(text):
        if pos <= start < pos + len(part):
            return part.strip()
        pos += len(part)
    return text.strip()


def missing_terms(src: str, tgt: str, src_lang: str, tgt_lang: str) -> list[tuple[str, str]]:
    """(term, its source clause) for Latin-script terms of the source absent from the target."""
    if src_lang != "zh" or tgt_lang == "zh":
        return []
    pattern = _LATIN_TERM
    target = tgt.casefold()
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for match in pattern.finditer(src):
        term = match.group()
        key = term.casefold()
        if key in seen or key in _ZH_LATIN_IGNORE or len(term) < 2:
            continue
        seen.add(key)
        # a term glued to a digit (35mm, 4Ghz, 4th) is a unit, not a name; the target may
        # inflect the term (iPod → iPods, APP → apps), so a word starting with it counts
        if not re.search(rf"(?<![a-z0-9]){re.escape(key)}", target):
            found.append((term, _clause_of(src, match.start())))
    return found


def length_z(src: str, tgt: str, src_lang: str, tgt_lang: str, ctx: DetectionContext) -> float | None:
    """How many deviations the target is shorter than the norm (positive = shorter); None if unjudged."""
    cfg = ctx.config
    if {src_lang, tgt_lang} != {"zh", "en"}:
        return None
    zh, en = (src, tgt) if src_lang == "zh" else (tgt, src)
    zh_chars, en_words = text_size(zh, "zh"), text_size(en, "en")
    source_size = zh_chars if src_lang == "zh" else en_words
    minimum = cfg.partial_min_zh_chars if src_lang == "zh" else cfg.partial_min_words
    if source_size < minimum:
        return None
    if zh_chars == 0 or en_words == 0:
        return None  # an empty side is the untranslated / omission detectors' business
    z = (math.log(en_words / zh_chars) - cfg.partial_length_log_ratio) / cfg.partial_length_sd
    return -z if src_lang == "zh" else z


@register("partial_omission")
def detect_partial_omission(ctx: DetectionContext) -> list[Flag]:
    """Flag paired beads that lose a Latin-script term or are far shorter than their source."""
    cfg = ctx.config
    flags = []
    for index, bead in ctx.paired():
        src, tgt = ctx.src_text(bead), ctx.tgt_text(bead)
        for term, clause in missing_terms(src, tgt, ctx.src_lang, ctx.tgt_lang):
            flags.append(Flag("partial-omission", MAJOR, f"{term!r} not in the translation (source clause: {clause})", index))
        z = length_z(src, tgt, ctx.src_lang, ctx.tgt_lang, ctx)
        if z is not None and z >= cfg.partial_length_z:
            severity = MAJOR if z >= cfg.partial_length_major_z else MINOR
            src_size = text_size(src, ctx.src_lang)
            tgt_size = text_size(tgt, ctx.tgt_lang)
            unit = ("characters", "words") if ctx.src_lang == "zh" else ("words", "characters")
            flags.append(
                Flag(
                    "partial-omission",
                    severity,
                    f"translation far shorter than its source: {tgt_size} {unit[1]} for "
                    f"{src_size} {unit[0]} ({z:.1f} deviations below the zh-en norm)",
                    index,
                )
            )
    return flags
