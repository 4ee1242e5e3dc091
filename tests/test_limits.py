"""Hostile input shapes end in one error line (exit 2) with bounded memory, never a kill.

Each case runs `evaltool` in a subprocess with its address space capped (so a runaway fails here
instead of taking the machine), and checks the child's peak resident memory.
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ADDRESS_SPACE = 6 << 30  # a cap on the child, far above what it should use
PEAK_RSS_LIMIT_KB = 1_500_000
WORDS = "the talks ended without progress and officials said they would meet again".split()


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _run(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-m", "evaltool", *args], cwd=cwd, capture_output=True, text=True,
                          preexec_fn=_cap, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}, timeout=600)
    return done, max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)


def _one_line(path: Path, chars: int, lang: str) -> Path:
    rng = random.Random(0)
    if lang == "en":
        text = " ".join(rng.choice(WORDS) for _ in range(chars // 5))
    else:
        text = "".join(rng.choice("会谈没有取得进展官员们说他们将再次会面") for _ in range(chars // 3))
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("mode", ["pair", "folder", "lines"])
def test_a_10_mb_line_is_refused_naming_its_line(tmp_path, mode):
    en, zh = _one_line(tmp_path / "doc.en.txt", 10_000_000, "en"), _one_line(tmp_path / "doc.zh.txt", 10_000_000, "zh")
    out = tmp_path / "out"
    args = {"pair": ["--src", str(en), "--tgt", str(zh)], "folder": [str(tmp_path)],
            "lines": ["--src", str(en), "--tgt", str(zh), "--lines"]}[mode]
    done, peak_kb = _run("run", *args, "--src-lang", "en", "--tgt-lang", "zh", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "line 1" in done.stderr and "max_sentence_chars" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())
    assert peak_kb < PEAK_RSS_LIMIT_KB


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.en.txt"
    big.write_text(("No progress was made. " * 50_000) + "\n", encoding="utf-8")
    config = tmp_path / "small.toml"
    config.write_text("[ingest]\nmax_file_bytes = 100000\n", encoding="utf-8")
    done, _ = _run("run", str(big), "--config", str(config), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_check_refuses_an_over_long_pair(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"id": "x", "src": "%s", "tgt": "会谈。"}\n' % ("progress " * 2000), encoding="utf-8")
    done, peak_kb = _run("check", str(pairs), "--src-lang", "en", "--tgt-lang", "zh", cwd=tmp_path)
    assert done.returncode == 2 and "pair x" in done.stderr and peak_kb < PEAK_RSS_LIMIT_KB
