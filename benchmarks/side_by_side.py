"""Time this working tree against an earlier commit, side by side in one run: the seed run and the drop benchmark.

Usage: python benchmarks/side_by_side.py [--baseline REV] [--repeat 3] [--skip-drops]

The baseline is checked out into a temporary git worktree; both trees run with the same Python
(this venv), alternating A B A B so a machine that gets busier slows both. Prints a table of the
best wall time of each command in each tree.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMANDS = {
    "seed run (`evaltool run seeds`)": ["-m", "evaltool", "run", "seeds", "--out", "{out}", "-q"],
    "drop benchmark (`detectors.py --only drops`)": ["benchmarks/detectors.py", "--only", "drops"],
}


def _time(tree: Path, args: list[str], out: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, *[a.format(out=out) for a in args]], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="HEAD~1", help="git revision to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-drops", action="store_true", help="time the seed run only")
    args = parser.parse_args()
    commands = {k: v for k, v in COMMANDS.items() if not (args.skip_drops and "drops" in v)}
    rev = subprocess.run(["git", "rev-parse", "--short", args.baseline], cwd=REPO, check=True,
                         capture_output=True, text=True).stdout.strip()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; best of {args.repeat}, alternating")
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "baseline"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base), rev], cwd=REPO, check=True)
        try:
            trees = {f"baseline {rev}": base, "this tree": REPO}
            best = {(c, t): float("inf") for c in commands for t in trees}
            for _ in range(args.repeat):
                for command, argv in commands.items():
                    for tree_name, tree in trees.items():
                        with tempfile.TemporaryDirectory() as out:
                            seconds = _time(tree, argv, out)
                        best[command, tree_name] = min(best[command, tree_name], seconds)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=REPO, check=True)
    names = list(trees)
    print(f"| command | {' | '.join(names)} | ratio |")
    print("|---|" + "---|" * (len(names) + 1))
    for command in commands:
        times = [best[command, t] for t in names]
        print(f"| {command} | {' | '.join(f'{s:.1f} s' for s in times)} | {times[1] / times[0]:.2f} |")


if __name__ == "__main__":
    main()
