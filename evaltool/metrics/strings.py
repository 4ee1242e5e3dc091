"""Thin wrappers over sacrebleu: corpus BLEU, chrF and TER, each with its sacrebleu signature.

Chinese targets use ``tokenize='zh'`` for BLEU (13a on unsegmented Chinese gives 0.0)
and ``normalized=True, asian_support=True`` for TER, as sacrebleu recommends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..errors import InputError
from ..wording import plural


DEFAULT_METRICS = ("BLEU", "chrF", "TER")
KNOWN_METRICS = ("BLEU", "chrF", "chrF++", "TER")


def string_metrics(*, tgt_lang: str, names: Sequence[str] = DEFAULT_METRICS) -> dict[str, Any]:
    """The sacrebleu metric objects used for a target language, by display name."""
    from sacrebleu.metrics import BLEU, CHRF, TER  # slow to import: only runs with references need it

    unknown = [n for n in names if n not in KNOWN_METRICS]
    if unknown:
        raise InputError(f"unknown metric(s): {', '.join(unknown)}; known: {', '.join(KNOWN_METRICS)}")
    zh = tgt_lang == "zh"
    factories: dict[str, Callable[[], Any]] = {
        "BLEU": lambda: BLEU(tokenize="zh" if zh else "13a"),
        "chrF": CHRF,
        "chrF++": lambda: CHRF(word_order=2),
        "TER": lambda: TER(normalized=zh, asian_support=zh),
    }
    return {name: factories[name]() for name in names}


def check_references(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> None:
    """Every reference stream must have one line per hypothesis (sacrebleu's [ref][segment] shape)."""
    if isinstance(references, str) or any(isinstance(r, str) for r in references):
        raise InputError("references must be a list of reference streams, each a list of segments")
    if not references:
        raise InputError("at least one reference is needed for BLEU, chrF and TER")
    for k, ref in enumerate(references, start=1):
        if len(ref) != len(hypotheses):
            raise InputError(
                f"reference {k} has {plural(len(ref), 'segment')} but the hypothesis has {len(hypotheses)}"
            )


def corpus_scores(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    *,
    tgt_lang: str,
    metrics: Sequence[str] = DEFAULT_METRICS,
) -> dict[str, Any]:
    """Corpus scores plus their signatures: ``{"BLEU": …, "signatures": {"BLEU": …}}``."""
    check_references(hypotheses, references)
    result: dict[str, Any] = {"signatures": {}}
    for name, metric in string_metrics(tgt_lang=tgt_lang, names=metrics).items():
        score = metric.corpus_score(list(hypotheses), [list(r) for r in references])
        result[name] = round(score.score, 4)
        result["signatures"][name] = str(metric.get_signature())
    return result


def segment_scores(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    *,
    tgt_lang: str,
    metrics: Sequence[str] = DEFAULT_METRICS,
) -> tuple[list[dict[str, float]], dict[str, str]]:
    """Per segment: the chrF variant asked for (chrF unless only chrF++ is) and sentence BLEU
    with effective order (plain BLEU is 0 for short segments); plus their signatures."""
    from sacrebleu.metrics import BLEU, CHRF

    check_references(hypotheses, references)
    chrf_name = "chrF++" if "chrF++" in metrics and "chrF" not in metrics else "chrF"
    scorers = {
        chrf_name: CHRF(word_order=2 if chrf_name == "chrF++" else 0),
        "BLEU": BLEU(tokenize="zh" if tgt_lang == "zh" else "13a", effective_order=True),
    }
    rows = []
    for i, hyp in enumerate(hypotheses):
        refs = [ref[i] for ref in references]
        row: dict[str, float] = {"segment": i + 1}
        row.update({name: round(m.sentence_score(hyp, refs).score, 4) for name, m in scorers.items()})
        rows.append(row)
    return rows, {name: str(m.get_signature()) for name, m in scorers.items()}


def document_level_scores(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    doc_ids: Sequence[str],
    *,
    tgt_lang: str,
    metrics: Sequence[str] = DEFAULT_METRICS,
) -> dict[str, dict[str, float]]:
    """Corpus scores of each document's segments, documents in order of first appearance."""
    check_references(hypotheses, references)
    if len(doc_ids) != len(hypotheses):
        raise InputError(f"the document ids have {plural(len(doc_ids), 'line')} but the hypothesis has {len(hypotheses)}")
    objects = string_metrics(tgt_lang=tgt_lang, names=metrics)
    result: dict[str, dict[str, float]] = {}
    for doc in dict.fromkeys(doc_ids):
        rows = [i for i, d in enumerate(doc_ids) if d == doc]
        hyps = [hypotheses[i] for i in rows]
        refs = [[ref[i] for i in rows] for ref in references]
        result[doc] = {name: round(m.corpus_score(hyps, refs).score, 4) for name, m in objects.items()}
    return result
