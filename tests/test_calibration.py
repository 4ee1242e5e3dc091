"""Example gates say which direction they were calibrated for; `run` and `compare` warn (one stderr
line) when the run's direction is another, and stay quiet when it is the same."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaltool.cli import app
from evaltool.config import load_config
from evaltool.errors import ConfigError

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
WARNING = "evaltool: warning: the [gate] limits were calibrated for"


def test_every_example_gate_names_its_direction():
    configs = sorted(EXAMPLES.glob("*.toml"))
    assert len(configs) >= 4
    for path in configs:
        assert load_config(path).gate.calibrated_for in ("zh-en", "en-zh"), path.name
    assert load_config(EXAMPLES / "vendor_audit.en-zh.toml").gate.calibrated_for == "en-zh"


def test_calibrated_for_must_be_a_direction(tmp_path):
    path = tmp_path / "gate.toml"
    path.write_text('[gate]\ncalibrated_for = "zh→en"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="calibrated_for must be a direction"):
        load_config(path)
    result = CliRunner().invoke(app, ["compare", "--src", str(EXAMPLES / "src.zh"), "--system",
                                      f"a={EXAMPLES / 'baseline.en'}", "--system", f"b={EXAMPLES / 'baseline.en'}",
                                      "--baseline", "a", "--src-lang", "zh", "--tgt-lang", "en",
                                      "--config", str(path)])
    assert result.exit_code == 2 and "calibrated_for" in result.output


def _compare(config: str, *extra: str):
    return CliRunner().invoke(app, [
        "compare", "--src", str(EXAMPLES / "src.zh"), "--system", f"base={EXAMPLES / 'baseline.en'}",
        "--system", f"same={EXAMPLES / 'baseline.en'}", "--baseline", "base", "--src-lang", "zh",
        "--tgt-lang", "en", "--samples", "20", "--config", str(EXAMPLES / config), *extra])


def test_compare_warns_once_on_a_gate_of_the_other_direction():
    same = _compare("vendor_audit.toml")
    assert same.exit_code == 0, same.output
    assert WARNING not in same.output
    other = _compare("vendor_audit.en-zh.toml", "--quiet")
    assert other.output.count(WARNING) == 1  # also under --quiet: a CI job must see it
    assert "calibrated for en-zh, this run is zh-en" in other.output


def test_run_warns_on_a_gate_of_the_other_direction(tmp_path):
    args = ["run", "--src", str(EXAMPLES / "src.zh"), "--tgt", str(EXAMPLES / "baseline.en"), "--quiet",
            "--src-lang", "zh", "--tgt-lang", "en"]
    other = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "a"), "--config",
                                     str(EXAMPLES / "localization_qa.toml")])
    assert other.output.count(WARNING) == 1 and "this run is zh-en" in other.output
    zh_en = tmp_path / "zh-en.toml"
    zh_en.write_text('[gate]\ncalibrated_for = "zh-en"\nmax_critical = 0\n', encoding="utf-8")
    same = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "b"), "--config", str(zh_en)])
    assert same.exit_code in (0, 1) and WARNING not in same.output
