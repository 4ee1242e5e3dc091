"""Sentence embedders: one small interface, a bundled offline default, a sentence-transformers backend."""

from .base import CachedEmbedder, Embedder
from .loader import load_embedder

__all__ = ["CachedEmbedder", "Embedder", "load_embedder"]
