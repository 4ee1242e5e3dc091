"""Per-document figures that need no reference: similarity, coverage, length ratio."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..records import Bead


def text_length(text: str, lang: str) -> int:
    """Length in the unit translators count: characters for Chinese, words otherwise."""
    if lang == "zh":
        return sum(1 for ch in text if not ch.isspace())
    return len(text.split())


def document_scores(
    beads: Sequence[Bead],
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    src_lang: str,
    tgt_lang: str,
) -> dict[str, float]:
    """Mean bead similarity, coverage of source sentences, and target/source length ratio.

    ``coverage`` is the share of source sentences inside a bead that has a target side;
    ``length_ratio`` compares target units to source units (characters for zh, words for en),
    so it is read against the language pair's norm (about 1.5–1.9 zh characters per en word).
    """
    linked = [b for b in beads if b.src and b.tgt]
    covered = sum(len(b.src) for b in linked)
    src_units = sum(text_length(s, src_lang) for s in src)
    tgt_units = sum(text_length(t, tgt_lang) for t in tgt)
    return {
        "similarity": round(float(np.mean([b.similarity for b in linked])), 4) if linked else 0.0,
        "coverage": round(covered / len(src), 4) if src else 0.0,
        "length_ratio": round(tgt_units / src_units, 4) if src_units else 0.0,
        "src_sentences": len(src),
        "tgt_sentences": len(tgt),
        "beads": len(beads),
    }
