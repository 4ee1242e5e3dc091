"""Partial omission: a paired bead whose target leaves out part of its source.

Flags have their own type, ``partial-omission`` (an ``omission`` is a whole source sentence
left unaligned), with severity ``major`` or ``minor``. Three signals:

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
* **Words** (zh→en and en→zh; its own detector, ``partial_omission_words``, as it needs vectors): each content word
  of the source is linked into the target by dictionary and word embeddings
  (``wordcover``); words inside URLs, e-mail addresses, handles and placeholders are left
  to the entity check and take no part. A word linked below ``partial_word_link`` is then left out of the
  source (leave-one-out): when the shortened source is closer to the target than the whole
  one (gain > 0), the target probably lacks it, and ``link − partial_word_gain_weight ×
  gain`` below ``partial_word_score`` is a ``minor`` flag naming the words. Either half
  alone flags free but faithful human translations too often (a paraphrase links weakly; a
  sentence embedding moves a little for any deletion); together they are what stays
  precise. Thresholds, shared by both directions, are set so human references get at most
  ~5 flags per 100 segments, which leaves most single dropped words (DEMETR zh→en, FLORES
  en→zh with one Chinese word removed) uncaught; see ``benchmarks/README.md`` for the
  measured figures.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from ..embed.requests import Needs, vectors_by_text
from ..records import Flag
from . import dictionaries, wordcover
from .base import MAJOR, MINOR, DetectionContext, text_size
from .protected import mask_protected
from .registry import detector

_L = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # Latin letters, accented ones too (Sírio-Libanês)
_LATIN_TERM = re.compile(rf"(?<![{_L}0-9])[{_L}][{_L}0-9\-]*[{_L}0-9](?![{_L}])")
# A year written against a term (APEC2020年后): the term is the letters.
_GLUED_YEAR = re.compile(r"(?<=[A-Za-z]{2})(?:19|20)\d\d$")
_CLAUSE_END = re.compile(r"(?<=[，,；;。.!?！？：:])")
# Bead index → (its source words, its target, the source content words weakly linked into the target).
WeakLinks = wordcover.BeadLinks
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
    target = mask_protected(tgt).casefold()
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for match in pattern.finditer(mask_protected(src)):  # a URL's words are the entity check's
        term = _GLUED_YEAR.sub("", match.group())
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


@dataclass(frozen=True)
class LeftOut:
    """A source word judged missing from the target: its link and its leave-one-out gain."""

    link: wordcover.WordLink
    gain: float


def word_omissions(ctx: DetectionContext) -> Needs[dict[int, list[LeftOut]]]:
    """Bead index → content words of its source (zh or en) that its target (en or zh) seems to lack;
    a stage that asks for the vectors of words, spans and shortened sources."""
    if {ctx.src_lang, ctx.tgt_lang} != {"zh", "en"}:
        return {}
    cfg = ctx.config
    weak = yield from _weak_links(ctx)
    gains = yield from _leave_one_out_gains(weak)
    found: dict[int, list[LeftOut]] = {}
    for i, (_, _, links) in weak.items():
        for link, gain in zip(links, gains[i]):
            if gain > 0 and link.score - cfg.partial_word_gain_weight * gain < cfg.partial_word_score:
                found.setdefault(i, []).append(LeftOut(link, gain))
    return found


def _weak_links(ctx: DetectionContext) -> Needs[WeakLinks]:
    """Bead index → (source words, target, content words linked below partial_word_link), from
    ``wordcover.bead_links`` of every translated bead (verbatim strings take no part)."""
    linked = yield from wordcover.bead_links(ctx, (i for i, _ in ctx.translated()))
    weak = {}
    for i, (words, tgt, links) in linked.items():
        links = [x for x in links if x.score < ctx.config.partial_word_link]
        if links:
            weak[i] = (words, tgt, links)
    return weak


def _leave_one_out_gains(weak: WeakLinks) -> Needs[dict[int, list[float]]]:
    """Per bead, how much closer to the target the source gets without each weak word (cosine difference)."""
    shortened = {i: [wordcover.without(words, x.position) for x in links] for i, (words, _, links) in weak.items()}
    texts = {text for i, (words, tgt, _) in weak.items() for text in ("".join(words), tgt, *shortened[i])}
    vectors = yield from vectors_by_text(texts)
    gains = {}
    for i, (words, tgt, _) in weak.items():
        whole = float(vectors["".join(words)] @ vectors[tgt])
        gains[i] = [float(vectors[text] @ vectors[tgt]) - whole for text in shortened[i]]
    return gains


def _best_match(link: wordcover.WordLink) -> str:
    if not link.target:
        return "no match in the translation"
    return f"best match in the translation: {link.target!r}, {link.score:.2f}"


def _word_evidence(left_out: list[LeftOut]) -> str:
    """Names the words, their glosses (Chinese words), their closest target word and the leave-one-out gain."""
    parts = []
    for x in left_out:
        gloss = dictionaries.first_gloss(x.link.word)  # '' for an English word
        parts.append(
            f"{x.link.word!r} ({gloss + '; ' if gloss else ''}{_best_match(x.link)}; without this word the source"
            f" is more similar to the translation, +{x.gain:.3f})"
        )
    return "source words with no counterpart in the translation: " + ", ".join(parts)


@detector(
    name="partial-omission-words",
    emits=("partial-omission",),
    needs={"vectors"},
    reads=("partial_word_link", "partial_word_gain_weight", "partial_word_score"),
    column=6,
    mqm="Accuracy/Omission",
    per_bead=True,
)
def detect_word_omissions(ctx: DetectionContext) -> Needs[list[Flag]]:
    """Flag paired beads whose source has content words with no counterpart in the target (needs vectors)."""
    found = yield from word_omissions(ctx)
    return [Flag("partial-omission", MINOR, _word_evidence(left_out), index) for index, left_out in found.items()]


@detector(
    name="partial-omission",
    reads=(
        "partial_length_log_ratio", "partial_length_sd", "partial_length_z", "partial_length_major_z",
        "partial_min_zh_chars", "partial_min_words",
    ),
    column=6,
    mqm="Accuracy/Omission",
    per_bead=True,
)
def detect_partial_omission(ctx: DetectionContext) -> list[Flag]:
    """Flag paired beads that lose a Latin-script term, or are far shorter than their source."""
    cfg = ctx.config
    flags = []
    for index, bead in ctx.translated():
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
