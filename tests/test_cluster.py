"""Dask: a run on a local cluster of two worker processes writes exactly what one process writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evaltool.cli import app
from evaltool.pipeline import run as run_module

REPO = Path(__file__).resolve().parents[1]
STORY = [
    ("The talks lasted seven hours.", "会谈持续了七个小时。"),
    ("No progress was made on Monday.", "周一没有取得任何进展。"),
    ("They will meet again on Wednesday.", "他们将于周三再次会面。"),
    ("About 100,000 troops are near the border.", "大约10万军队在边境附近。"),
]


def _folder(tmp_path: Path) -> Path:
    """The seeds plus four small en/zh pairs (one with a dropped sentence), so a run has several batches."""
    folder = tmp_path / "in"
    shutil.copytree(REPO / "seeds", folder)
    for k in range(4):
        en = [e for e, _ in STORY[k:] + STORY[:k]]
        zh = [z for i, (_, z) in enumerate(STORY[k:] + STORY[:k]) if not (k == 2 and i == 1)]
        (folder / f"story{k}.en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
        (folder / f"story{k}.zh.txt").write_text("\n".join(zh) + "\n", encoding="utf-8")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_run_on_two_worker_processes_is_byte_identical(runner, tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.setattr(run_module, "DOCUMENTS_PER_BATCH", 2)  # 9 reports: 5 tasks
    one, two = tmp_path / "one", tmp_path / "two"
    first = runner.invoke(app, ["run", str(folder), "--src-lang", "en", "--tgt-lang", "zh", "--out", str(one), "-q"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["run", str(folder), "--src-lang", "en", "--tgt-lang", "zh", "--out", str(two), "-q",
                                 "--workers", "2"])
    assert second.exit_code == 0, second.output
    assert len(list(one.glob("*/report.json"))) == 9
    assert _files(one) == _files(two)


def test_without_workers_dask_is_not_imported(tmp_path):
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from evaltool.cli import app\n"
        f"result = CliRunner().invoke(app, ['run', 'seeds', '--out', {str(tmp_path / 'out')!r}, '-q'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("options", [["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], ["--workers", "0"]])
def test_bad_cluster_options_are_one_line_and_exit_2(runner, tmp_path, options):
    result = runner.invoke(app, ["run", "seeds", "--out", str(tmp_path / "out"), *options])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
