"""Per-document figures that need no reference: similarity, coverage, length ratio."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..records import Bead


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_CHAR = re.compile(f"[{_HAN}]")
# A run of letters/digits that are not Han characters ("Trump", "2020", "3.5", "example.com"): one word.
_NON_HAN_WORD = re.compile(f"(?:(?![{_HAN}])[^\\W_])+(?:[.,:/'’-](?:(?![{_HAN}])[^\\W_])+)*")


def text_length(text: str, lang: str) -> int:
    """Length in the unit translators count: characters for Chinese, words otherwise.

    Used for the flag rates of ``compare`` (per 1,000 source units); ``length_units`` is the
    finer count behind ``length_ratio``.
    """
    if lang == "zh":
        return sum(1 for ch in text if not ch.isspace())
    return len(text.split())


def length_units(text: str, lang: str) -> int:
    """Length for ``length_ratio``: Chinese in Han characters plus one per Latin/digit run, other
    languages in whitespace-separated words.

    Punctuation is not counted and a URL, a Latin name or a number counts as one word (or a
    few), so they no longer inflate a Chinese side the way counting every character did.
    (Like ``detectors.base.text_size``, which counts Han characters only.)
    """
    if lang == "zh":
        return len(_HAN_CHAR.findall(text)) + len(_NON_HAN_WORD.findall(_HAN_CHAR.sub(" ", text)))
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
