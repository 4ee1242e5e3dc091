"""`compare` on WMT21 news zh→en: sacrebleu agreement, ranking vs MQM, runtime.

Usage: python benchmarks/compare.py [--samples 1000]

1. Runtime: 7 systems × 1,948 segments, reference A, BLEU + chrF with 1,000 paired-bootstrap
   samples, similarity and flag rates; once with an empty embedding cache, once with it warm.
2. Our BLEU/chrF/TER against sacrebleu's own corpus scores (largest absolute difference).
3. System ranking by each figure against MQM (mean MQM score per system on the 650 segments
   that have MQM annotations; 4 of the 7 systems are annotated): Kendall tau and Pearson r.
Reads ../shared/data/newstest2021-zhen beside the repository.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import sacrebleu

from evaltool.compare import compare_systems
from evaltool.config import Config
from evaltool.embed import load_embedder

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "newstest2021-zhen"


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def kendall_tau(a: list[float], b: list[float]) -> float:
    """Kendall's tau-a over all pairs (few systems, so the plain O(n²) count is fine)."""
    pairs = list(itertools.combinations(range(len(a)), 2))
    score = sum(np.sign(a[i] - a[j]) * np.sign(b[i] - b[j]) for i, j in pairs)
    return float(score / len(pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()
    src = lines(DATA / "newstest2021.zh-en.src.zh")
    ref = lines(DATA / "newstest2021.zh-en.ref.A.en")
    systems = {
        p.name.split(".")[-2]: lines(p) for p in sorted((DATA / "systems").glob("newstest2021.zh-en.hyp.*.en"))
    }
    baseline = "Online-W"
    config = Config(src_lang="zh", tgt_lang="en")

    print("## Runtime: 7 systems × 1,948 segments, BLEU + chrF, similarity, flags")
    print("| run | seconds | samples |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as cache:
        cached = replace(config, embed=replace(config.embed, cache_dir=cache))
        for label in ("empty embedding cache", "warm embedding cache"):
            embedder = load_embedder(cached.embed)
            start = time.perf_counter()
            full = compare_systems(src=src, systems=systems, baseline=baseline, references=[ref],
                                   embedder=embedder, config=cached, samples=args.samples)
            seconds = time.perf_counter() - start
            print(f"| {label} | {seconds:.1f} | {args.samples} |")

    mqm = pd.read_csv(DATA / "newstest2021.zh-en.mqm_joined.tsv", sep="\t", quoting=3)
    annotated = sorted(set(mqm["system"]) & set(systems))
    seg_ids = sorted(set(mqm["seg_id"]))
    rows = [i - 1 for i in seg_ids]  # seg_id is the 1-based line number
    assert all(src[r] == s for r, s in zip(rows, mqm.drop_duplicates("seg_id").sort_values("seg_id")["src"]))
    subset = {n: [systems[n][r] for r in rows] for n in annotated}
    sub_ref = [ref[r] for r in rows]
    embedder = load_embedder(config.embed)
    part = compare_systems(src=[src[r] for r in rows], systems=subset, baseline=annotated[0],
                           references=[sub_ref], embedder=embedder, config=config,
                           metrics=("BLEU", "chrF", "TER"), samples=args.samples)

    print("\n## Agreement with sacrebleu (largest |difference| over systems)")
    print("| figure | segments | systems | max abs diff |\n|---|---|---|---|")
    direct = {
        "BLEU": lambda h, r: sacrebleu.corpus_bleu(h, [r]).score,
        "chrF": lambda h, r: sacrebleu.corpus_chrf(h, [r]).score,
        "TER": lambda h, r: sacrebleu.corpus_ter(h, [r]).score,
    }
    for figure, fn in direct.items():
        for result, hyps, refs in ((full, systems, ref), (part, subset, sub_ref)):
            scores = result.figures[result.figures["figure"] == figure].set_index("system")["score"]
            if scores.empty:
                continue
            diff = max(abs(scores[n] - fn(hyps[n], refs)) for n in hyps)
            print(f"| {figure} | {len(refs)} | {len(hyps)} | {diff:.4f} |")

    print(f"\n## Ranking vs MQM ({len(annotated)} annotated systems, {len(rows)} segments)")
    human = mqm[mqm["system"].isin(annotated)].groupby("system")["mqm_avg_score"].mean()
    print("| figure | " + " | ".join(annotated) + " | Kendall tau | Pearson r |")
    print("|---|" + "---|" * (len(annotated) + 2))
    print("| MQM (higher = better) | " + " | ".join(f"{human[n]:.3f}" for n in annotated) + " | 1 | 1 |")
    table = part.figures.pivot(index="figure", columns="system", values="score")
    for figure in ["BLEU", "chrF", "TER", "similarity", "flags/1k", "critical/1k"]:
        if figure not in table.index:
            continue
        values = [float(table.loc[figure, n]) for n in annotated]
        oriented = [-v for v in values] if figure in ("TER", "flags/1k", "critical/1k") else values
        tau = kendall_tau(oriented, [float(human[n]) for n in annotated])
        r = float(np.corrcoef(oriented, [human[n] for n in annotated])[0, 1])
        print(f"| {figure} | " + " | ".join(f"{v:.3f}" for v in values) + f" | {tau:.2f} | {r:.2f} |")


if __name__ == "__main__":
    main()
