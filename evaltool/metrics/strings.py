"""Thin wrappers over sacrebleu: corpus BLEU, chrF and TER, each with its sacrebleu signature.

Chinese targets use ``tokenize='zh'`` for BLEU (13a on unsegmented Chinese gives 0.0)
and ``normalized=True, asian_support=True`` for TER, as sacrebleu recommends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER

from ..errors import InputError


def string_metrics(*, tgt_lang: str) -> dict[str, Any]:
    """The sacrebleu metric objects used for a target language, by display name."""
    zh = tgt_lang == "zh"
    return {
        "BLEU": BLEU(tokenize="zh" if zh else "13a"),
        "chrF": CHRF(),
        "TER": TER(normalized=zh, asian_support=zh),
    }


def check_references(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> None:
    """Every reference stream must have one line per hypothesis (sacrebleu's [ref][segment] shape)."""
    if isinstance(references, str) or any(isinstance(r, str) for r in references):
        raise InputError("references must be a list of reference streams, each a list of segments")
    if not references:
        raise InputError("at least one reference is needed for BLEU, chrF and TER")
    for k, ref in enumerate(references, start=1):
        if len(ref) != len(hypotheses):
            raise InputError(
                f"reference {k} has {len(ref)} segments but the hypothesis has {len(hypotheses)}"
            )


def corpus_scores(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], *, tgt_lang: str
) -> dict[str, Any]:
    """Corpus BLEU, chrF and TER plus their signatures: ``{"BLEU": …, "signatures": {"BLEU": …}}``."""
    check_references(hypotheses, references)
    result: dict[str, Any] = {"signatures": {}}
    for name, metric in string_metrics(tgt_lang=tgt_lang).items():
        score = metric.corpus_score(list(hypotheses), [list(r) for r in references])
        result[name] = round(score.score, 4)
        result["signatures"][name] = str(metric.get_signature())
    return result
