"""Progress on stderr for `check` and `compare`: a spinner naming each step on a terminal, nothing
under --quiet/--json or when stderr is not a terminal (as under the test runner)."""

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from evaltool import cli
from evaltool.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


@pytest.fixture
def terminal(monkeypatch):
    """stderr as a terminal: what the progress display writes lands in the returned buffer."""
    buffer = io.StringIO()
    monkeypatch.setattr(cli, "err_console", Console(file=buffer, force_terminal=True, width=120))
    return buffer


def test_phases_name_each_step_on_a_terminal_only(terminal, monkeypatch):
    with cli._phases(quiet=False) as phase:
        phase("loading the model")
        phase("embedding and checking 3 pairs")
    shown = terminal.getvalue()
    assert "loading the model" in shown and "embedding and checking 3 pairs" in shown
    with cli._phases(quiet=True) as phase:
        phase("hidden under --quiet")
    assert "hidden under --quiet" not in terminal.getvalue()
    plain = io.StringIO()
    monkeypatch.setattr(cli, "err_console", Console(file=plain, force_terminal=False))
    with cli._phases(quiet=False) as phase:
        phase("not a terminal")
    assert plain.getvalue() == ""


def _compare_args(*extra: str) -> list[str]:
    return ["compare", "--src", str(EXAMPLES / "src.zh"), "--system", f"base={EXAMPLES / 'baseline.en'}",
            "--system", f"cand={EXAMPLES / 'candidate.en'}", "--baseline", "base", "--src-lang", "zh",
            "--tgt-lang", "en", "--samples", "20", *extra]


def test_compare_shows_its_steps_on_a_terminal(terminal):
    result = CliRunner().invoke(app, _compare_args("--quiet"))
    assert result.exit_code in (0, 1), result.output
    assert terminal.getvalue() == ""  # --quiet: nothing
    result = CliRunner().invoke(app, _compare_args())
    assert result.exit_code in (0, 1), result.output
    shown = terminal.getvalue()
    for step in ("loading the model", "embedding and checking 10 segments of 2 systems",
                 "paired bootstrap of", "20 resamples"):
        assert step in shown
    assert "paired bootstrap" not in result.stdout  # the spinner stays on stderr


def test_compare_json_prints_no_progress_and_check_names_its_steps(terminal, tmp_path):
    result = CliRunner().invoke(app, _compare_args("--json"))
    assert result.exit_code in (0, 1) and json.loads(result.stdout)
    assert terminal.getvalue() == ""
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"id": str(n), "src": s, "tgt": t}, ensure_ascii=False) + "\n"
                             for n, (s, t) in enumerate([("你好。", "Hello."), ("我们不去。", "We go.")])),
                     encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(pairs), "--src-lang", "zh", "--tgt-lang", "en"])
    assert result.exit_code == 0, result.output
    assert "embedding and checking 2 pairs" in terminal.getvalue()
    assert "embedding" not in result.stdout  # progress never mixes into the JSONL on stdout
