"""Untranslated: target text still written in the source language.

Names and acronyms legitimately stay in Latin script inside Chinese text ("FTIR",
"Fisk University"), so for an English source only lower-case Latin words count; an
untranslated English sentence is mostly lower-case function and content words. For a
Chinese source every Han character in the English target counts. Han characters are
weighted by ``HAN_WEIGHT`` letters because a Chinese character carries about as much
text as three English letters; the share is then comparable in both directions.
"""

from __future__ import annotations

import re

from ..records import Flag
from .base import CRITICAL, MAJOR, DetectionContext
from .registry import register

HAN_WEIGHT = 3
# A sentence at least this much in the source language counts as wholly untranslated.
WHOLE_SENTENCE_SHARE = 0.9
# Fewer source-language letters than this are a name or a stray word, not an untranslated text.
MIN_LETTERS = 12
EVIDENCE_CHARS = 200

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def source_script_share(text: str, *, src_lang: str) -> tuple[float, int]:
    """(share of the text's weighted letters in the source language's script, those letters)."""
    han = HAN_WEIGHT * len(_HAN.findall(text))
    words = _LATIN_WORD.findall(text)
    latin = sum(len(w) for w in words)
    if src_lang == "en":
        foreign = sum(len(w) for w in words if w[0].islower())
        total = han + foreign
    else:
        foreign, total = han, han + latin
    return (foreign / total if total else 0.0), foreign


@register("untranslated")
def detect_untranslated(ctx: DetectionContext) -> list[Flag]:
    """Flag target beads whose source-script share reaches ``untranslated_min_share``."""
    if ctx.src_lang == ctx.tgt_lang:
        return []
    flags = []
    for index, bead in enumerate(ctx.beads):
        if not bead.tgt:
            continue
        share, letters = source_script_share(ctx.tgt_text(bead), src_lang=ctx.src_lang)
        if share < ctx.config.untranslated_min_share or letters < MIN_LETTERS:
            continue
        whole = [ctx.tgt[i] for i in bead.tgt if _is_whole(ctx.tgt[i], ctx.src_lang)]
        severity = CRITICAL if whole else MAJOR
        text = (whole or [ctx.tgt_text(bead)])[0]
        evidence = f"{share:.0%} in {ctx.src_lang}: {text[:EVIDENCE_CHARS]}"
        flags.append(Flag("untranslated", severity, evidence, index))
    return flags


def _is_whole(sentence: str, src_lang: str) -> bool:
    share, letters = source_script_share(sentence, src_lang=src_lang)
    return share >= WHOLE_SENTENCE_SHARE and letters >= MIN_LETTERS
