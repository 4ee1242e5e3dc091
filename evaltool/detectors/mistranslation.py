"""Mistranslation: a bead whose similarity is far below the rest of its document.

Embedding similarity has a document-specific level (topic, model, language pair), so the
relative rule compares each bead with its own document's median using a robust spread
(1.4826·MAD, the normal-consistent median absolute deviation) that outliers cannot inflate.
An absolute floor still applies to documents too short for a median to mean anything.

Where word vectors are at hand (``mistranslation-words``, which then replaces the plain detector:
the same flags), a zh↔en flag's evidence also names the source content words that link worst
into the target (``wordcover``; the words of flagged beads only): "…; weakest links: '图书馆'
(library) → 'stadium' 0.29, …". Without vectors (text-only runs) nothing changes.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import replace

from ..embed.requests import Needs
from ..records import Flag
from . import dictionaries, wordcover
from .base import MAJOR, MINOR, DetectionContext
from .registry import detector

_READS = (
    "mistranslation_floor", "mistranslation_z", "mistranslation_major_z", "mistranslation_min_beads",
    "mistranslation_max_share", "mistranslation_min_spread",
)
WEAKEST = 3  # source words named in the evidence of a flag


@detector(name="mistranslation", reads=_READS, column=8, mqm="Accuracy/Mistranslation")
def detect_mistranslation(ctx: DetectionContext) -> list[Flag]:
    """The mistranslation flags (see ``mistranslations``)."""
    return mistranslations(ctx)


def mistranslations(ctx: DetectionContext) -> list[Flag]:
    """Flag paired beads below the floor, or below median − z·spread (capped share); major below the
    floor or below median − major_z·spread, minor between."""
    paired = ctx.translated()
    if not paired:
        return []
    cfg = ctx.config
    sims = [bead.similarity for _, bead in paired]
    median = statistics.median(sims)
    threshold, spread = _relative_threshold(sims, median=median, ctx=ctx)
    below_floor = {i for i, b in paired if b.similarity < cfg.mistranslation_floor}
    relative = sorted(
        (b.similarity, i) for i, b in paired if b.similarity < threshold and i not in below_floor
    )
    budget = math.floor(cfg.mistranslation_max_share * len(paired))
    chosen = below_floor | {i for _, i in relative[:budget]}
    major_below = median - cfg.mistranslation_major_z * spread
    return [
        Flag(
            "mistranslation",
            MAJOR if i in below_floor or ctx.beads[i].similarity < major_below else MINOR,
            f"similarity {ctx.beads[i].similarity:.3f} (document median {median:.3f}, "
            f"threshold {max(threshold, cfg.mistranslation_floor):.3f})",
            i,
        )
        for i in sorted(chosen)
    ]


def _relative_threshold(sims: list[float], *, median: float, ctx: DetectionContext) -> tuple[float, float]:
    """(median − z·spread, spread) with spread = max(1.4826·MAD, min spread); the threshold is −inf
    when the document is too short."""
    cfg = ctx.config
    mad = statistics.median(abs(s - median) for s in sims)
    spread = max(1.4826 * mad, cfg.mistranslation_min_spread)
    if len(sims) < cfg.mistranslation_min_beads:
        return -math.inf, spread
    return median - cfg.mistranslation_z * spread, spread


@detector(
    name="mistranslation-words", emits=("mistranslation",), needs={"vectors"}, reads=_READS, column=8,
    mqm="Accuracy/Mistranslation", replaces="mistranslation",
)
def detect_mistranslation_words(ctx: DetectionContext) -> Needs[list[Flag]]:
    """The mistranslation flags, a zh↔en flag's evidence naming the source words linked worst into
    its target (needs vectors; severities and beads are those of ``mistranslation``)."""
    flags = mistranslations(ctx)
    if not flags or {ctx.src_lang, ctx.tgt_lang} != {"zh", "en"}:
        return flags
    linked = yield from wordcover.bead_links(ctx, sorted({f.bead for f in flags}))
    return [replace(f, evidence=f.evidence + _weakest_links(linked[f.bead][2] if f.bead in linked else []))
            for f in flags]


def _weakest_links(links: list[wordcover.WordLink]) -> str:
    """'; weakest links: ' and the WEAKEST content words without a dictionary link, worst first, each
    word once with its gloss (Chinese words), its best target word (or '(none)') and the score; '' if none."""
    worst: dict[str, wordcover.WordLink] = {}  # a word said twice is named once, by its worse link
    for x in sorted((x for x in links if x.score < 1.0), key=lambda x: (x.score, x.position)):
        worst.setdefault(x.word, x)
    parts = []
    for x in list(worst.values())[:WEAKEST]:
        gloss = dictionaries.first_gloss(x.word)  # '' for an English word
        target = f"{x.target!r} {x.score:.2f}" if x.target else "(none)"
        parts.append(f"{x.word!r}{f' ({gloss})' if gloss else ''} → {target}")
    return "; weakest links: " + ", ".join(parts) if parts else ""
