"""Mistranslation: a bead whose similarity is far below the rest of its document.

Embedding similarity has a document-specific level (topic, model, language pair), so the
relative rule compares each bead with its own document's median using a robust spread
(1.4826·MAD, the normal-consistent median absolute deviation) that outliers cannot inflate.
An absolute floor still applies to documents too short for a median to mean anything.
"""

from __future__ import annotations

import math
import statistics

from ..records import Flag
from .base import MAJOR, MINOR, DetectionContext
from .registry import detector


@detector(
    name="mistranslation",
    reads=(
        "mistranslation_floor", "mistranslation_z", "mistranslation_major_z", "mistranslation_min_beads",
        "mistranslation_max_share", "mistranslation_min_spread",
    ),
    column=8,
    mqm="Accuracy/Mistranslation",
)
def detect_mistranslation(ctx: DetectionContext) -> list[Flag]:
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
