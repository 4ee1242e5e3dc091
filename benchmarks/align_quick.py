"""Quick alignment accuracy: strict bead F1 on seed 000, a bible-align-zhen slice and synthetic FLORES.

Usage: python benchmarks/align_quick.py [--bible-beads 500] [--max-overlap 2]
Reads ../shared/data beside the repository; prints one table row per data set.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from evaltool.align import BeadIndices, align_sentences, parse_beads
from evaltool.config import AlignConfig, EmbedConfig
from evaltool.embed import Embedder, load_embedder

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"


@dataclass(frozen=True)
class Case:
    name: str
    src: list[str]
    tgt: list[str]
    gold: list[BeadIndices]


def strict_scores(hyp: list[BeadIndices], gold: list[BeadIndices]) -> dict[str, float]:
    """Exact-match precision/recall/F1 over beads with both sides non-empty, plus skip recall/precision."""
    def linked(beads: list[BeadIndices]) -> set[BeadIndices]:
        return {b for b in beads if b[0] and b[1]}

    def skipped(beads: list[BeadIndices]) -> set[BeadIndices]:
        return {b for b in beads if not (b[0] and b[1])}

    h, g = linked(hyp), linked(gold)
    p = len(h & g) / len(h) if h else 1.0
    r = len(h & g) / len(g) if g else 1.0
    hs, gs = skipped(hyp), skipped(gold)
    return {
        "P": p,
        "R": r,
        "F1": 2 * p * r / (p + r) if p + r else 0.0,
        "skips": len(gs),
        "skip_R": len(hs & gs) / len(gs) if gs else 1.0,
        "skip_P": len(hs & gs) / len(hs) if hs else 1.0,
    }


def seed_case() -> Case:
    gold_dir = REPO / "data" / "gold"
    return Case(
        "seed000",
        (gold_dir / "seed000.en").read_text(encoding="utf-8").splitlines(),
        (gold_dir / "seed000.zh").read_text(encoding="utf-8").splitlines(),
        parse_beads((gold_dir / "seed000.gold").read_text(encoding="utf-8")),
    )


def bible_case(n_beads: int) -> Case:
    """The first ``n_beads`` gold beads of bible-align-zhen 001 and the lines they cover."""
    folder = DATA / "bible-align-zhen"
    gold = parse_beads((folder / "001.gold").read_text(encoding="utf-8"))[:n_beads]
    n_src = max(i for b in gold for i in b[0]) + 1
    n_tgt = max(j for b in gold for j in b[1]) + 1
    en = (folder / "001.en").read_text(encoding="utf-8").splitlines()[:n_src]
    zh = (folder / "001.zh").read_text(encoding="utf-8").splitlines()[:n_tgt]
    return Case(f"bible001[:{n_beads} beads]", en, zh, gold)


def flores_case(n_lines: int = 200, *, delete_every: int = 9, merge_every: int = 13) -> Case:
    """FLORES en→zh, first ``n_lines``: every 9th zh line deleted, every 13th merged with the next."""
    folder = DATA / "flores200-devtest-zhen"
    en = (folder / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()[:n_lines]
    zh = (folder / "zho_Hans.devtest").read_text(encoding="utf-8").splitlines()[:n_lines]
    tgt: list[str] = []
    gold: list[BeadIndices] = []
    i = 0
    while i < n_lines:
        if i % delete_every == delete_every - 1:
            gold.append(((i,), ()))
            i += 1
        elif i % merge_every == merge_every - 1 and i + 1 < n_lines and (i + 1) % delete_every:
            gold.append(((i, i + 1), (len(tgt),)))
            tgt.append(zh[i] + zh[i + 1])
            i += 2
        else:
            gold.append(((i,), (len(tgt),)))
            tgt.append(zh[i])
            i += 1
    return Case(f"flores[:{n_lines}] del+merge", en, tgt, gold)


def run(case: Case, embedder: Embedder, config: AlignConfig) -> str:
    start = time.perf_counter()
    beads = align_sentences(case.src, case.tgt, embedder, config=config, src_lang="en", tgt_lang="zh")
    seconds = time.perf_counter() - start
    s = strict_scores([(b.src, b.tgt) for b in beads], case.gold)
    return (
        f"| {case.name} | {len(case.src)}×{len(case.tgt)} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} "
        f"| {s['skips']} | {s['skip_R']:.2f} | {s['skip_P']:.2f} | {seconds:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bible-beads", type=int, default=500)
    parser.add_argument("--max-overlap", type=int, default=AlignConfig().max_overlap)
    args = parser.parse_args()
    embedder = load_embedder(EmbedConfig())
    config = AlignConfig(max_overlap=args.max_overlap)
    print(f"{config}\nmodel={embedder.name}")
    print("| data | sentences | P | R | F1 | gold skips | skip R | skip P | s |")
    print("|---|---|---|---|---|---|---|---|---|")
    cases = [seed_case]
    if DATA.is_dir():
        cases += [lambda: bible_case(args.bible_beads), flores_case]
    for make in cases:
        print(run(make(), embedder, config), flush=True)


if __name__ == "__main__":
    main()
