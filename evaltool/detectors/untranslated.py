"""Untranslated: target text still written in the source language.

How the source-language share of a text is measured (names and acronyms allowed, Han
characters weighted) is in ``base.source_script_share``. A target found wholly untranslated
is left out of the meaning checks (``DetectionContext.translated``), so a copied source is
one flag, not one per detector. Protected spans (URLs, handles, IDs, placeholders: see
``protected``) are copied as they should be and do not count: a line that is only a URL is
never untranslated.
"""

from __future__ import annotations

from ..codes import strip_codes
from ..records import Flag
from .base import CRITICAL, MAJOR, DetectionContext, is_untranslated, source_script_share
from .protected import mask_protected
from .registry import detector

EVIDENCE_CHARS = 200


@detector(
    name="untranslated",
    reads=("untranslated_min_share", "untranslated_whole_share", "untranslated_min_letters"),
    audit=True,
    column=5,
    mqm="Accuracy/Untranslated text",
    per_bead=True,
)
def detect_untranslated(ctx: DetectionContext) -> list[Flag]:
    """Flag target beads whose source-script share reaches ``untranslated_min_share``."""
    if ctx.src_lang == ctx.tgt_lang:
        return []
    flags = []
    for index, bead in enumerate(ctx.beads):
        if not bead.tgt:
            continue
        share, letters = source_script_share(mask_protected(ctx.tgt_text(bead)), src_lang=ctx.src_lang)
        if share < ctx.config.untranslated_min_share or letters < ctx.config.untranslated_min_letters:
            continue
        sentences = [strip_codes(ctx.tgt[i]) for i in bead.tgt]
        whole = [s for s in sentences if is_untranslated(mask_protected(s), ctx.src_lang, ctx.config)]
        severity = CRITICAL if whole else MAJOR
        text = (whole or [ctx.tgt_text(bead)])[0]
        evidence = f"{share:.0%} in {ctx.src_lang}: {text[:EVIDENCE_CHARS]}"
        flags.append(Flag("untranslated", severity, evidence, index))
    return flags
