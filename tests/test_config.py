"""Settings come from defaults, a TOML file or pyproject.toml, then explicit overrides."""

import pytest

from evaltool.config import Config, load_config
from evaltool.errors import ConfigError


def test_defaults():
    config = load_config()
    assert config == Config()
    assert (config.src_lang, config.tgt_lang, config.embed.model) == ("en", "zh", "usem3")


def test_toml_file_and_overrides(tmp_path):
    path = tmp_path / "evaltool.toml"
    path.write_text('src_lang = "zh"\n[align]\nskip_cost = 0.5\n[gate]\nmax_critical = 0\n', encoding="utf-8")
    config = load_config(path, tgt_lang="en")
    assert config.src_lang == "zh" and config.tgt_lang == "en"
    assert config.align.skip_cost == 0.5
    assert config.gate.max_critical == 0


def test_pyproject_tool_section(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n[tool.evaltool.detect]\nmistranslation_floor = 0.2\n', encoding="utf-8")
    assert load_config(path).detect.mistranslation_floor == 0.2


@pytest.mark.parametrize(
    "text, message",
    [
        ("colour = 1\n", "unknown config key: colour"),
        ("[align]\nwindow = 3\n", r"unknown config key\(s\) in \[align\]: window"),
        ("align = 3\n", "must be a table"),
        ("[align\n", "not valid TOML"),
    ],
)
def test_bad_config_files(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    "text, message",
    [
        ('[align]\nmax_overlap = "x"\n', r"\[align\] max_overlap = 'x' must be int"),
        ('[gate]\nmin_coverage = "high"\n', r"min_coverage = 'high' must be"),
        ('src_lang = "fr"\n', "supported languages are en, zh"),
        ("[detect]\nmistranslation_floor = 5\n", "between 0 and 1"),
        ("[detect]\nmistranslation_z = -1\n", "must be positive"),
        ("[gate]\nmax_drop = 3\n", "must be dict"),
    ],
)
def test_bad_values_are_config_errors(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_int_is_accepted_for_a_float_setting(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text("[align]\nskip_cost = 1\n[gate]\nmin_coverage = 1\n", encoding="utf-8")
    assert load_config(path).align.skip_cost == 1
