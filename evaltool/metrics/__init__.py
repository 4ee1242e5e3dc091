"""Scores: sacrebleu string metrics (with references) and embedding-based document figures."""

from .document import document_scores
from .strings import corpus_scores

__all__ = ["corpus_scores", "document_scores"]
