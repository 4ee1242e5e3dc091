"""Per-document figures that need no reference: similarity, coverage, length ratio."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..core import length_units, text_length
from ..records import Bead

# text_length (defined in evaltool.core) is still imported from here by compare.
__all__ = ["document_scores", "length_units", "text_length"]


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
    ``length_ratio`` compares target units to source units (``length_units``: Han characters plus
    Latin/digit runs for zh, words for en), so it is read against the language pair's norm: about
    1.3–1.9 for en→zh and 0.55–0.8 for zh→en, the 10th–90th percentiles of human translations of
    whole documents (FLORES devtest + newstest2020, ``benchmarks/length_ratio.py``).
    """
    linked = [b for b in beads if b.src and b.tgt]
    covered = sum(len(b.src) for b in linked)
    src_units = sum(length_units(s, src_lang) for s in src)
    tgt_units = sum(length_units(t, tgt_lang) for t in tgt)
    return {
        "similarity": round(float(np.mean([b.similarity for b in linked])), 4) if linked else 0.0,
        "coverage": round(covered / len(src), 4) if src else 0.0,
        "length_ratio": round(tgt_units / src_units, 4) if src_units else 0.0,
        "src_sentences": len(src),
        "tgt_sentences": len(tgt),
        "beads": len(beads),
    }
