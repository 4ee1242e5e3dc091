"""Config sections validate themselves: built directly, with replace(), or from a TOML file alike."""

from dataclasses import replace

import pytest

from evaltool.config import (
    AlignConfig,
    Config,
    DetectConfig,
    EmbedConfig,
    GateConfig,
    IngestConfig,
    load_config,
)
from evaltool.errors import ConfigError


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: AlignConfig(max_overlap=0), r"\[align\] max_overlap must be at least 1"),
        (lambda: AlignConfig(skip_cost=0), r"\[align\] skip_cost must be positive"),
        (lambda: AlignConfig(level_ratio=1), r"\[align\] level_ratio must be at least 2"),
        (lambda: DetectConfig(mistranslation_floor=1.5), r"\[detect\] mistranslation_floor must be between 0 and 1"),
        (lambda: DetectConfig(mistranslation_z=4.0, mistranslation_major_z=3.0),
         r"\[detect\] mistranslation_major_z must be at least mistranslation_z"),
        (lambda: DetectConfig(untranslated_min_share=0), r"\[detect\] untranslated_min_share must be in \(0, 1\]"),
        (lambda: GateConfig(p_value=0), r"\[gate\] p_value must be in \(0, 1\]"),
        (lambda: GateConfig(min_coverage=2.0), r"\[gate\] min_coverage must be between 0 and 1"),
        (lambda: EmbedConfig(batch_size=0), r"\[embed\] batch_size must be at least 1"),
        (lambda: IngestConfig(bilingual_min_share=0), r"\[ingest\] bilingual_min_share must be in \(0, 1\]"),
        (lambda: Config(src_lang="fr"), "src_lang = 'fr': supported languages are en, zh"),
    ],
)
def test_building_a_section_directly_validates_it(build, message):
    with pytest.raises(ConfigError, match=message):
        build()


def test_replace_validates_too():
    config = Config()
    with pytest.raises(ConfigError, match=r"\[align\] skip_cost must be positive"):
        replace(config, align=replace(config.align, skip_cost=-1.0))
    with pytest.raises(ConfigError, match="tgt_lang = 'de'"):
        replace(config, tgt_lang="de")
    assert replace(config, src_lang="zh", tgt_lang="en").src_lang == "zh"


def test_a_toml_value_out_of_range_reports_the_same_message(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[align]\nmax_overlap = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[align\] max_overlap must be at least 1"):
        load_config(path)


def test_moved_thresholds_are_settable(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text("[align]\nmin_typical_cost = 0.3\n[detect]\nuntranslated_min_letters = 20\n", encoding="utf-8")
    config = load_config(path)
    assert config.align.min_typical_cost == 0.3 and config.detect.untranslated_min_letters == 20


def test_kana_share_that_marks_japanese_is_an_ingest_setting(tmp_path):
    from evaltool.ingest import load_document_parts

    path = tmp_path / "mixed.txt"
    path.write_text("中文中文中文中文中文あ\nThis is an English line of text.\n", encoding="utf-8")
    default = load_document_parts(path, config=IngestConfig())
    strict = load_document_parts(path, config=IngestConfig(kana_hangul_min_share=0.05))
    assert [d.lang for d in default] == ["zh", "en"]
    assert [b.reason for d in strict for b in d.boilerplate] == ["other-language"]
