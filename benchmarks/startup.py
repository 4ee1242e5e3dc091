"""Time how fast `evaltool` starts: `--help`, `run --help`, and a one-pair `run` on a 15-segment document.

Usage: python benchmarks/startup.py [--repeat 5] [--cold]
Each command runs as a fresh subprocess (`python -m evaltool ...`, the interpreter running this script);
``--cold`` adds one run with an empty cache folder (``EVALTOOL_CACHE_DIR``), which builds the
prebuilt indexes (evaltool/prebuilt.py). The table gives the best and the median wall time of --repeat runs, and the CPU time (user + system)
of the best run, which a busy machine inflates less than the wall time. The 15-segment pair is the first
15 lines of each side of the gold seed 000 files (data/gold/), written to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "data" / "gold"
SEGMENTS = 15


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _times(args: list[str], repeat: int, env: dict[str, str] | None = None) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each of ``repeat`` runs of ``python -m evaltool ARGS`` (a failing run stops the script)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", **(env or {})}
    times = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), _cpu()
        done = subprocess.run([sys.executable, "-m", "evaltool", *args], env=env, capture_output=True, cwd=REPO)
        times.append((time.perf_counter() - start, _cpu() - cpu))
        if done.returncode not in (0, 1):
            sys.exit(f"evaltool {' '.join(args)} exited {done.returncode}:\n{done.stderr.decode()}")
    return times


def _pair(folder: Path) -> tuple[Path, Path]:
    """The 15-segment zh→en pair, written into ``folder``."""
    paths = []
    for lang in ("zh", "en"):
        lines = (GOLD / f"seed000.{lang}").read_text(encoding="utf-8").splitlines()[:SEGMENTS]
        path = folder / f"doc.{lang}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="also one run with an empty cache folder")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        src, tgt = _pair(Path(tmp))
        run = ["run", "--src", str(src), "--tgt", str(tgt), "--src-lang", "zh", "--tgt-lang", "en",
               "--out", str(Path(tmp) / "out"), "-q"]
        commands = {"evaltool --help": (["--help"], {}), "evaltool run --help": (["run", "--help"], {}),
                    f"one-pair run, {SEGMENTS} segments": (run, {})}
        if args.cold:
            commands[f"one-pair run, {SEGMENTS} segments, empty cache folder"] = (
                run, {"EVALTOOL_CACHE_DIR": str(Path(tmp) / "cache")})
        print("| command | best wall s | median wall s | CPU s (best run) | runs |")
        print("|---|---|---|---|---|")
        for label, (command, env) in commands.items():
            times = _times(command, 1 if env else args.repeat, env)
            best = min(times)
            print(f"| {label} | {best[0]:.2f} | {statistics.median(t[0] for t in times):.2f} | {best[1]:.2f} | {len(times)} |")


if __name__ == "__main__":
    main()
