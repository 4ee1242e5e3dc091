"""Addition: a target sentence with no source behind it (0-1 bead)."""

from __future__ import annotations

from ..records import Flag
from .base import MAJOR, MINOR, DetectionContext, is_short
from .registry import detector


@detector(
    name="addition", reads=("short_words", "short_zh_chars"), audit=True, column=2, mqm="Accuracy/Addition", per_bead=True
)
def detect_addition(ctx: DetectionContext) -> list[Flag]:
    """Flag every 0-1 bead; the evidence is the added target text. Minor when the text is short or the
    aligner calls it a possible split (the rest of a neighbouring sentence, ``Bead.possible_split``)."""
    flags = []
    for index, bead in enumerate(ctx.beads):
        if bead.tgt and not bead.src:
            text = ctx.tgt_text(bead)
            severity = MINOR if bead.possible_split or is_short(text, ctx.tgt_lang, ctx.config) else MAJOR
            flags.append(Flag("addition", severity, text, index))
    return flags
