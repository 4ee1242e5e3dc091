"""Time `evaltool run` on the five seed documents (evaluation only, model load included).

Usage: python benchmarks/seeds.py [--repeat 3]
Prints a table: wall time of evaluate_paths + write_run per repetition, documents, flags.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from evaltool.config import Config
from evaltool.pipeline import evaluate_paths
from evaltool.report import write_run

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| run | seconds | documents | paired | flags |")
    print("|---|---|---|---|---|")
    for run in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            result = evaluate_paths([SEEDS], config=Config())
            write_run(result.reports, Path(out), config=result.config, model=result.model, signature=result.signature)
            seconds = time.perf_counter() - start
        paired = sum(1 for r in result.reports if r.tgt is not None)
        flags = sum(len(r.flags) for r in result.reports)
        print(f"| {run} | {seconds:.2f} | {len(result.reports)} | {paired} | {flags} |")


if __name__ == "__main__":
    main()
