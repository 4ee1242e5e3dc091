"""Throughput and memory of `evaltool check` as the input grows, in one process and on a local Dask cluster.

Usage: python benchmarks/scale.py [--sizes 2000,10000] [--workers 2]

Pairs are newstest2021 zh→en source lines and reference translations (../shared/data), repeated with
a running number so that every pair is a new text for the embedding cache. Each run is a fresh
`evaltool check` process; the table gives its wall time, pairs per second and the peak resident
memory of the largest process (ru_maxrss of the children). Time to embed every sentence once (the
bundled model, in this process) is the yardstick of the issue's targets.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "newstest2021-zhen"


def _pairs(n: int, folder: Path) -> Path:
    src = (DATA / "newstest2021.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    ref = (DATA / "newstest2021.zh-en.ref.A.en").read_text(encoding="utf-8").splitlines()
    path = folder / f"pairs-{n}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for k in range(n):
            i = k % len(src)
            suffix = f" ({k // len(src)})" if k >= len(src) else ""
            out.write(json.dumps({"id": str(k), "src": src[i] + suffix, "tgt": ref[i] + suffix}, ensure_ascii=False) + "\n")
    return path


def _check(pairs: Path, out: Path, extra: list[str]) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "evaltool", "check", str(pairs), "--src-lang", "zh", "--tgt-lang", "en",
                    "--out", str(out), *extra], check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    seconds = time.perf_counter() - start
    return seconds, max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)


def _embed_once(pairs: Path) -> float:
    from evaltool.config import EmbedConfig
    from evaltool.embed import load_embedder

    rows = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines()]
    embedder = load_embedder(EmbedConfig())
    start = time.perf_counter()
    embedder.encode([r["src"] for r in rows] + [r["tgt"] for r in rows])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| pairs | embed once (s) | 1 process (s) | pairs/s | peak RSS (MB) "
          f"| --workers {args.workers} (s) | pairs/s | speed-up |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for n in (int(x) for x in args.sizes.split(",")):
            pairs = _pairs(n, folder)
            embed = _embed_once(pairs)
            one, peak = _check(pairs, folder / "one.jsonl", [])
            many, _ = _check(pairs, folder / "many.jsonl", ["--workers", str(args.workers)])
            same = (folder / "one.jsonl").read_bytes() == (folder / "many.jsonl").read_bytes()
            print(f"| {n:,} | {embed:.1f} | {one:.1f} | {n / one:.0f} | {peak / 1024:.0f} | {many:.1f} "
                  f"| {n / many:.0f} | {one / many:.2f}{'' if same else ' (outputs differ!)'} |", flush=True)


if __name__ == "__main__":
    main()
