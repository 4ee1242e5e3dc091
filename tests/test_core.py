"""evaltool.core: the one definition of the Han script, joiners and length units that every stage uses."""

import pytest

from evaltool.core import (
    HAN,
    SEVERITIES,
    is_han,
    join,
    joiner,
    length_units,
    text_length,
    text_size,
)
from evaltool.detectors.base import source_script_share
from evaltool.ingest.langid import count_scripts, detect_lang

# One character from each Han block: Extension A, Unified Ideographs, Compatibility Ideographs, Extension B.
HAN_SAMPLES = ["\u3400", "\u4e2d", "\uf900", "\U00020000"]
NOT_HAN = ["あ", "カ", "한", "A", "1", "。", "\u4dc0"]  # kana, hangul, Latin, digit, punctuation, a Yijing hexagram


@pytest.mark.parametrize("ch", HAN_SAMPLES)
def test_every_stage_counts_each_han_block(ch):
    assert is_han(ch) and HAN.fullmatch(ch)
    assert count_scripts(ch).han == 1
    assert text_size(ch * 3, "zh") == 3
    assert length_units(ch * 3 + " abc", "zh") == 4
    assert source_script_share(ch * 4, src_lang="zh") == (1.0, 12)
    assert detect_lang(ch * 3) == "zh"


@pytest.mark.parametrize("ch", NOT_HAN)
def test_other_characters_are_not_han(ch):
    assert not is_han(ch) and not HAN.fullmatch(ch)
    assert count_scripts(ch).han == 0


@pytest.mark.parametrize("lang, expected", [("zh", ""), ("zh-CN", ""), ("ZH_tw", ""), ("ja", ""), ("en", " "),
                                            ("en-US", " ")])
def test_joiner_by_language(lang, expected):
    assert joiner(lang) == expected
    assert join(["a", "b"], lang) == f"a{expected}b"


def test_length_units_differ_on_purpose():
    """The detectors' size skips punctuation and Latin names in Chinese; compare's length counts every character."""
    text = "特朗普(Trump)说，2020年。"
    assert text_size(text, "zh") == 5
    assert length_units(text, "zh") == 7  # Han characters + "Trump" + "2020"
    assert text_length(text, "zh") == len(text)
    assert text_size("It's the end-game.", "en") == 5 and text_length("It's the end-game.", "en") == 3


def test_severities_most_serious_first():
    assert SEVERITIES == ("critical", "major", "minor")
