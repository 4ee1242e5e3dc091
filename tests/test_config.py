"""Settings come from defaults, a TOML file or pyproject.toml, then explicit overrides."""

from pathlib import Path

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


@pytest.mark.parametrize(
    "table, message",
    [
        ("max_drop = { chrf = 0.5 }", r"\[gate\] max_drop: unknown key 'chrf'; use a figure: BLEU, chrF, chrF\+\+"),
        ("max_drop = { foo = 0.5 }", r"max_drop: unknown key 'foo'.*similarity"),
        ("max_new_flags = { omision = 0 }", r"max_new_flags: unknown key 'omision'; use a flag type \(addition"),
        ('max_new_flags = { "negation/crit" = 0 }', r"unknown key 'negation/crit'.*/critical, /major, /minor"),
        ('max_new_flags = { critical = 0 }', r"unknown key 'critical'.*all/critical"),
        ('max_flags_per_1k = { "omissions" = 2.0 }', r"max_flags_per_1k: unknown key 'omissions'"),
        ('max_drop = { chrF = "x" }', r"\[gate\] max_drop: chrF = 'x' must be a number, 0 or more"),
        ("max_drop = { BLEU = true }", r"max_drop: BLEU = True must be a number"),
        ("max_drop = { BLEU = -1 }", r"max_drop: BLEU = -1 must be a number, 0 or more"),
        ("max_new_flags = { omission = 0.5 }", r"max_new_flags: omission = 0.5 must be a whole number"),
        ('max_flags_per_1k = { omission = "2" }', r"max_flags_per_1k: omission = '2' must be a number"),
    ],
)
def test_gate_tables_reject_unknown_keys_and_non_numbers(tmp_path, table, message):
    """A misspelt figure or flag type would silently disable that check and let the gate pass
    (``check_config`` checks flag types against the registry, as the CLI and compare do)."""
    from evaltool.detectors import check_config

    path = tmp_path / "gate.toml"
    path.write_text(f"[gate]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        check_config(load_config(path))


def test_gate_tables_accept_every_documented_key(tmp_path):
    from evaltool.detectors import check_config, flag_types, gate_figures

    examples = Path(__file__).resolve().parents[1] / "data" / "examples"
    for name in ("gate.toml", "vendor_audit.toml"):
        check_config(load_config(examples / name))
    path = tmp_path / "gate.toml"
    drops = ", ".join(f'"{figure}" = 0.5' for figure in gate_figures())
    flags = ", ".join(f'"{key}" = 0' for t in (*flag_types(), "all") for key in (t, f"{t}/critical", f"{t}/minor"))
    path.write_text(f"[gate]\nmax_drop = {{ {drops} }}\nmax_new_flags = {{ {flags} }}\n"
                    f"max_flags_per_1k = {{ {flags} }}\n", encoding="utf-8")
    config = load_config(path)
    check_config(config)
    assert config.gate.max_drop["omission/1k"] == 0.5 and config.gate.max_new_flags["all/critical"] == 0


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('max_drop = { "omision/1k" = 1 }', r"max_drop: unknown key 'omision/1k'; use a figure: BLEU, .*omission/1k"),
        ('max_flags_per_1k = { "partial-omissions" = 1 }', "unknown key 'partial-omissions'"),
    ],
)
def test_gate_flag_types_are_checked_against_the_detectors(tmp_path, table, message):
    """config.py checks only the form of a flag type (it imports no detector); the registry knows the names."""
    from evaltool.detectors import check_config

    path = tmp_path / "gate.toml"
    path.write_text(f"[gate]\n{table}\n", encoding="utf-8")
    config = load_config(path)  # well-formed keys: load_config alone accepts them
    with pytest.raises(ConfigError, match=message):
        check_config(config)


@pytest.mark.parametrize(
    "table", ['max_new_flags = { "Omission" = 0 }', 'max_drop = { "omission/2k" = 1 }', 'max_drop = { "all/1k" = 1 }',
              'max_flags_per_1k = { "omission/" = 1 }'],
)
def test_load_config_refuses_malformed_gate_keys(tmp_path, table):
    path = tmp_path / "gate.toml"
    path.write_text(f"[gate]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown key .*; use a (figure: .*TYPE/1k|flag type \(lower-case words)"):
        load_config(path)
