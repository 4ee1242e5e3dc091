"""Omission: a source sentence the alignment left without translation (1-0 bead)."""

from __future__ import annotations

from ..records import Flag
from .base import MAJOR, MINOR, DetectionContext, is_short
from .registry import detector


@detector(
    name="omission", reads=("short_words", "short_zh_chars"), audit=True, column=1, mqm="Accuracy/Omission", per_bead=True
)
def detect_omission(ctx: DetectionContext) -> list[Flag]:
    """Flag every 1-0 bead; the evidence is the untranslated source text. Minor when the text is short or
    the aligner calls it a possible split (the rest of a neighbouring sentence, ``Bead.possible_split``)."""
    flags = []
    for index, bead in enumerate(ctx.beads):
        if bead.src and not bead.tgt:
            text = ctx.src_text(bead)
            severity = MINOR if bead.possible_split or is_short(text, ctx.src_lang, ctx.config) else MAJOR
            flags.append(Flag("omission", severity, text, index))
    return flags
