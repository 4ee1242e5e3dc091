"""Sentence splitter: rules for zh and en, and properties that hold for any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaltool.errors import InputError
from evaltool.segment import split_sentences


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "U.S. and Russian officials held talks Monday. But the two sides did not negotiate.",
            ["U.S. and Russian officials held talks Monday.", "But the two sides did not negotiate."],
        ),
        (
            "Deputy Minister Sergei A. Ryabkov met Mr. Smith, Mrs. Lee, Ms. Wu and Dr. Ho. They left.",
            ["Deputy Minister Sergei A. Ryabkov met Mr. Smith, Mrs. Lee, Ms. Wu and Dr. Ho.", "They left."],
        ),
        (
            "Gen. Milley, Sen. Reed, Rep. Smith and Gov. Hochul visited St. Petersburg on Jan. 5 and Feb. 6.",
            ["Gen. Milley, Sen. Reed, Rep. Smith and Gov. Hochul visited St. Petersburg on Jan. 5 and Feb. 6."],
        ),
        (
            "The U.N. met at 9 a.m. Monday and left at 5 p.m. The U.S. Deputy Secretary spoke.",
            ["The U.N. met at 9 a.m. Monday and left at 5 p.m.", "The U.S. Deputy Secretary spoke."],
        ),
        (
            "Ryabkov warned the U.S. The talks ended. It went to the U.S. Congress.",
            ["Ryabkov warned the U.S.", "The talks ended.", "It went to the U.S. Congress."],
        ),
        (
            "Costs rose 3.5 percent, e.g. for tanks, i.e. weapons. Trade vs. aid, No. 10 etc. The end.",
            ["Costs rose 3.5 percent, e.g. for tanks, i.e. weapons.", "Trade vs. aid, No. 10 etc.", "The end."],
        ),
        (
            '"Enough is enough." The station is dangerous... And precarious.',
            ['"Enough is enough."', "The station is dangerous...", "And precarious."],
        ),
        (
            '"We cannot afford any further delays..." he added. "Why?" she asked. Nobody knew!',
            ['"We cannot afford any further delays..." he added.', '"Why?" she asked.', "Nobody knew!"],
        ),
        (
            "“I don’t consider it hopeless,” he continued. “I think so.” If this fails … we act.",
            ["“I don’t consider it hopeless,” he continued.", "“I think so.”", "If this fails … we act."],
        ),
        (
            "Ukraine will never -- never ever -- join. GENEVA – The talks — long — ended.",
            ["Ukraine will never -- never ever -- join.", "GENEVA – The talks — long — ended."],
        ),
    ],
)
def test_english_rules(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("美国和俄罗斯官员举行了会谈。双方没有进行谈判！真的吗？", ["美国和俄罗斯官员举行了会谈。", "双方没有进行谈判！", "真的吗？"]),
        ("“我不认为形势无望,”他继续说道。“我认为会谈有用。”然后离开。", ["“我不认为形势无望,”他继续说道。", "“我认为会谈有用。”", "然后离开。"]),
        ("真的吗？！是的……我知道；他走了", ["真的吗？！", "是的……", "我知道；", "他走了"]),
        ("他问:\"为什么?\"没人回答!好吧", ['他问:"为什么?"', "没人回答!", "好吧"]),
        ("这场战争已造成约1.4万人死亡。（见图。）「好。」『对。』", ["这场战争已造成约1.4万人死亡。", "（见图。）", "「好。」", "『对。』"]),
        ("成员,”里亚布科夫说。“", ["成员,”里亚布科夫说。“"]),
    ],
)
def test_chinese_rules(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "zh") == expected


def test_line_breaks_are_hard_boundaries() -> None:
    text = "The talks were held in Geneva\nwith Mr.\nSmith  \n\n  attending"
    assert split_sentences(text, "en") == ["The talks were held in Geneva", "with Mr.", "Smith", "attending"]
    assert split_sentences("第一行\n第二行。第三句", "zh") == ["第一行", "第二行。", "第三句"]


def test_unknown_language_is_refused() -> None:
    with pytest.raises(InputError, match="supported languages are en, zh"):
        split_sentences("Bonjour.", "fr")


_PIECES = st.sampled_from(
    [
        "U.S.", "Mr.", "A.", "3.5", "...", "…", "……", "。", "！", "？", "；", "?", "!", ".", '"', "“", "”",
        "’", "」", "）", ")", " ", "  ", "\n", "\t", "Ryabkov", "said", "the", "Talks", "会谈", "美国", "e.g.", "—", "--",
    ]
)
_TEXTS = st.one_of(st.text(), st.lists(_PIECES, max_size=40).map("".join))


@settings(max_examples=300)
@given(text=_TEXTS, lang=st.sampled_from(["zh", "en"]))
def test_no_character_is_lost_or_duplicated(text: str, lang: str) -> None:
    sentences = split_sentences(text, lang)
    assert _squash("".join(sentences)) == _squash(text)
    assert all(s and s == s.strip() and "\n" not in s for s in sentences)
