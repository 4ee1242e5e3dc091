"""Ingest: decoding, language id, boilerplate, and plain-text documents (seeds included)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaltool.config import IngestConfig
from evaltool.errors import InputError
from evaltool.ingest import (
    SUPPORTED_LANGS,
    boilerplate_reason,
    check_lang,
    detect_lang,
    load_document,
    load_document_parts,
    read_text,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CONFIG = IngestConfig()
MAX = 1_000_000


def _write(tmp_path: Path, data: bytes, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


# --- decode -----------------------------------------------------------------------------

ZH_SIMPLIFIED = "美国和俄罗斯官员周一举行了7个多小时的会谈，但双方没有进行谈判。\nNATO 总部将举行第二轮会谈。"
ZH_TRADITIONAL = "美國和俄羅斯官員週一舉行了7個多小時的會談，但雙方沒有進行談判。\nNATO 總部將舉行第二輪會談。"


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (ZH_SIMPLIFIED, "utf-8", "utf-8"),
        (ZH_SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (ZH_SIMPLIFIED, "utf-16", "utf-16-le"),
        (ZH_SIMPLIFIED, "utf-16-be", "utf-16-be"),
        (ZH_SIMPLIFIED, "gb18030", "gb18030"),
        (ZH_SIMPLIFIED, "gbk", "gb18030"),
        (ZH_SIMPLIFIED, "gb2312", "gb18030"),
        (ZH_TRADITIONAL, "gb18030", "gb18030"),
        (ZH_TRADITIONAL, "big5", "big5"),
    ],
)
def test_decodes_supported_encodings(tmp_path: Path, text: str, encoding: str, expected: str) -> None:
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert read_text(_write(tmp_path, data), max_bytes=MAX) == (text, expected)


def test_normalises_newlines_strips_bom_and_leaves_file_alone(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + "第一行\r\n第二行\rthird\n".encode()
    path = _write(tmp_path, data)
    before = path.stat().st_mtime_ns
    assert read_text(path, max_bytes=MAX) == ("第一行\n第二行\nthird\n", "utf-8-sig")
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b" \n\t\r\n  ", "only whitespace"),
        ("\u3000\n".encode("utf-16"), "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
        (b"hello\x00world\x00" * 10, "binary file"),
        (bytes(range(1, 9)) * 40 + b"text", "binary file"),
        (b"caf\xe9 na\xefve \xff\xfe r\xe9sum\xe9", "not text in a supported encoding"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "not valid utf-8"),
    ],
)
def test_bad_inputs_raise_one_clear_error(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_text(_write(tmp_path, data), max_bytes=MAX)


def test_missing_file_directory_and_oversized_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_text(tmp_path / "nope.txt", max_bytes=MAX)
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path, max_bytes=MAX)
    with pytest.raises(InputError, match="over the 10-byte limit"):
        read_text(_write(tmp_path, b"x" * 11), max_bytes=10)
    assert read_text(_write(tmp_path, b"x" * 10), max_bytes=10) == ("x" * 10, "utf-8")


def _chars_of(encoding: str, first: range, second: list[int]) -> list[str]:
    """Every character that ``encoding`` maps from the two-byte codes first × second."""
    chars = []
    for lead in first:
        for trail in second:
            try:
                chars.append(bytes([lead, trail]).decode(encoding))
            except UnicodeDecodeError:
                pass
    return chars


# Common characters: GB2312 hanzi (simplified) and Big5 level 1 (traditional).
GB_HAN = _chars_of("gb2312", range(0xB0, 0xF8), list(range(0xA1, 0xFF)))
BIG5_HAN = _chars_of("big5", range(0xA4, 0xC6), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
LATIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:!?'-()", max_size=12)


def _mixed(han: list[str]) -> st.SearchStrategy[str]:
    """Text of at least 10 CJK characters from ``han`` with Latin runs and newlines between them."""
    runs = st.lists(st.text(alphabet=st.sampled_from(han), min_size=1, max_size=8), min_size=10, max_size=20)
    return st.tuples(runs, st.lists(LATIN, min_size=20, max_size=20)).map(
        lambda parts: "\n".join(cjk + latin for cjk, latin in zip(*parts)) + "。"
    )


_ANY_CJK_OR_LATIN = st.text(
    alphabet=st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), st.sampled_from("abcXYZ 12,.\n")),
    min_size=1,
).filter(str.strip)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_ANY_CJK_OR_LATIN, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be"]))
def test_unicode_round_trip(tmp_path: Path, text: str, encoding: str) -> None:
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert read_text(_write(tmp_path, data), max_bytes=MAX)[0] == text


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), encoding=st.sampled_from(["gb18030", "big5"]))
def test_legacy_chinese_round_trip(tmp_path: Path, data: st.DataObject, encoding: str) -> None:
    text = data.draw(_mixed(GB_HAN if encoding == "gb18030" else BIG5_HAN))
    assert read_text(_write(tmp_path, text.encode(encoding)), max_bytes=MAX) == (text, encoding)


# --- language -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("美国和俄罗斯官员周一举行了会谈。", "zh"),
        ("我希望与我们在北约、OSCE的伙伴和盟友进行对话", "zh"),
        ("使用Transformer模型翻译", "zh"),
        ("President Xi Jinping (习近平) said on Monday that talks would continue.", "en"),
        ("US, Russia talks end with 'no progress'", "en"),
        ("Россия и США провели переговоры в Женеве.", "other"),
        ("東京で会議が開かれました。", "other"),
        ("서울에서 회담이 열렸다", "other"),
        ("2022-01-12 00:00 ___ ...", "other"),
        ("", "other"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    ("code", "lang"),
    [("zh", "zh"), ("zh-CN", "zh"), ("zh-Hans", "zh"), ("ZH", "zh"), ("cmn", "zh"), ("zh_TW", "zh"), ("en-US", "en"), ("eng", "en"), (" EN ", "en")],
)
def test_check_lang_normalises(code: str, lang: str) -> None:
    assert check_lang(code) == lang
    assert lang in SUPPORTED_LANGS


@pytest.mark.parametrize("code", ["xx", "fr", "", "xx-zh"])
def test_check_lang_refuses_unknown(code: str) -> None:
    with pytest.raises(InputError, match=f"unknown language '{code}': supported languages are en, zh"):
        check_lang(code)


# --- boilerplate --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "lang", "reason"),
    [
        ("Share", "en", "share-buttons"),
        ("Share - WeChat", "en", "share-buttons"),
        ("Share this:", "en", "share-buttons"),
        ("Facebook Twitter Email", "en", "share-buttons"),
        ("Facebook | Twitter | WhatsApp", "en", "share-buttons"),
        ("By REN QI in Moscow | China Daily | Updated: 2022-01-12 00:00", "en", "byline"),
        ("in Washington and in New York", "en", "byline"),
        ("Source link", "en", "source-link"),
        ("Comments are closed.", "en", "comments"),
        ("Leave A Reply", "en", "comments"),
        ("Your email address will not be published.", "en", "comments"),
        ('Press "Enter" to skip to content', "en", "navigation"),
        ("Photograph: Anadolu Agency/Getty Images", "en", "photo-credit"),
        ("ALEXEY VITVITSKY/SPUTNIK", "en", "photo-credit"),
        ("Denis Balibouse/Pool via AP", "en", "photo-credit"),
        ("Sherman (left) and Ryabkov meet in Geneva on Monday. ALEXEY VITVITSKY/SPUTNIK", "en", "caption"),
        ("丹尼斯·巴里布塞/泳池通过美联社", "zh", "photo-credit"),
        ("美国副国务卿温迪·谢尔曼(左)和俄罗斯外交部副部长...", "zh", "caption"),
        ("Copyright 1995 - . All rights reserved. The content belongs to China Daily.", "en", "copyright"),
        ("© 2022 Guardian News & Media Limited", "en", "copyright"),
        ("版权所有 中国日报网", "zh", "copyright"),
        ("© 2024 Example Media Ltd. All rights reserved.", "en", "copyright"),
        ("版权所有，未经授权不得转载。", "zh", "copyright"),
        ("Read more", "en", "read-more"),
        ("Related: Russia masses troops", "en", "read-more"),
        ("阅读更多", "zh", "read-more"),
        ("World", "en", "navigation"),
        ("Top", "en", "navigation"),
        ("BACK TO THE TOP", "en", "navigation"),
        ("Today's Top News", "en", "navigation"),
        ("Editor's picks", "en", "navigation"),
        ("Most Viewed", "en", "navigation"),
        ("FOLLOW US", "en", "navigation"),
        ("Global EditionASIA 中文双语Français", "en", "navigation"),
        ("English", "en", "navigation"),
        ("Registration Number: 130349", "en", "navigation"),
        ("License for publishing multimedia online 0108263", "en", "navigation"),
        ("___", "other", "separator"),
        ("Lee reported from Washington. Jamey Keaten in Geneva and Frank Jordans in Berlin contributed.", "en", "credit-line"),
        ("Agencies and Xinhua contributed to this story.", "en", "credit-line"),
    ],
)
def test_boilerplate_is_recognised(line: str, lang: str, reason: str) -> None:
    assert boilerplate_reason(line, lang) == reason


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("US, Russia talks end with 'no progress': Here's what you need to know", "en"),
        ("In Talks on Ukraine, U.S. and Russia Impasse Over NATO Growth", "en"),
        ("Guarantees, not assurances", "en"),
        ("US, Russia still far apart over Ukraine", "en"),
        ("US-Russia talks over Ukraine ‘useful’ but no progress made", "en"),
        ("No progress seen after Russian-US talks on tensions in Ukraine – News-Herald", "en"),
        ('"We will not allow anyone to slam close NATO\'s open-door policy," Sherman said.', "en"),
        ("By contrast, Ryabkov struck a tone of urgency.", "en"),
        ("Sherman shared her view: the talks were useful.", "en"),
        ("Source: the talks were useful, Ryabkov said.", "en"),
        ("The US has contributed troops to NATO exercises in the Baltics.", "en"),
        ("in contrast, Ryabkov struck a tone of urgency.", "en"),
        ("“我不认为形势无望,”他继续说道。", "zh"),
        ("里亚布科夫说,达成协议仍然是“可能的”,但结束北约的扩张是“绝对必要的”", "zh"),
        ("", "en"),
        # a content paragraph that ends with a copyright sentence keeps its content
        ("The talks ended without a deal, officials said. © 2024 Example Media. All rights reserved.", "en"),
        ("谈判没有达成协议，官员们说。版权所有，未经授权不得转载。", "zh"),
        ("The photos were taken on Monday. All rights reserved.", "en"),
    ],
)
def test_content_is_not_boilerplate(line: str, lang: str) -> None:
    assert boilerplate_reason(line, lang) is None


def test_language_specific_patterns_need_their_language() -> None:
    assert boilerplate_reason("Share", "zh") is None
    assert boilerplate_reason("阅读更多", "en") is None


# --- documents: seeds ---------------------------------------------------------------------


def test_seed_000_splits_into_zh_and_en_parts() -> None:
    parts = load_document_parts(_seed("000"), config=CONFIG)
    assert [p.lang for p in parts] == ["zh", "en"]
    zh, en = parts
    assert zh.doc_id == en.doc_id == "000_6b1ba2697ced7a7d"
    assert zh.encoding == "utf-8" and zh.source.endswith("000_6b1ba2697ced7a7d.txt")
    title = "US, Russia talks end with 'no progress': Here's what you need to know"
    assert title in en.texts and title not in zh.texts
    assert en.sentences[0].text == title and en.sentences[0].paragraph == 29
    assert {(b.text, b.reason) for b in zh.boilerplate} >= {
        ("阅读更多", "read-more"),
        ("丹尼斯·巴里布塞/泳池通过美联社", "photo-credit"),
    }
    assert all(detect_lang(s.text) == "zh" for s in zh.sentences)
    assert all(detect_lang(s.text) == "en" for s in en.sentences)
    assert [s.index for s in zh.sentences] == list(range(len(zh.sentences)))
    assert zh.sentences[0].paragraph == 1
    assert next(b for b in zh.boilerplate if b.text == "阅读更多").line == 10


@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_english_seeds_give_one_document_without_furniture(prefix: str) -> None:
    (doc,) = load_document_parts(_seed(prefix), config=CONFIG)
    assert doc.lang == "en" and len(doc.sentences) > 20
    furniture = {
        "Source link", "Comments are closed.", "Leave A Reply", "Share", "Share - WeChat",
        "Your email address will not be published.",
    }
    assert not furniture & set(doc.texts)
    assert not any(s.text.startswith("Copyright") for s in doc.sentences)
    boilerplate = {b.text for b in doc.boilerplate}
    lines = _seed(prefix).read_text(encoding="utf-8").split("\n")
    assert furniture & set(lines) <= boilerplate


@pytest.mark.parametrize(
    ("prefix", "headline"),
    [
        ("001", "No progress seen after Russian-US talks on tensions in Ukraine – News-Herald"),
        ("002", "US, Russia still far apart over Ukraine"),
        ("002", "Guarantees, not assurances"),
        ("003", "In Talks on Ukraine, U.S. and Russia Impasse Over NATO Growth"),
        ("004", "US-Russia talks over Ukraine ‘useful’ but no progress made"),
    ],
)
def test_headlines_are_content(prefix: str, headline: str) -> None:
    (doc,) = load_document_parts(_seed(prefix), config=CONFIG)
    assert headline in doc.texts


def test_seed_002_footer_and_share_lines_are_boilerplate() -> None:
    (doc,) = load_document_parts(_seed("002"), config=CONFIG)
    reasons = {b.line: b.reason for b in doc.boilerplate}
    assert reasons[9] == reasons[10] == "share-buttons"
    assert reasons[77] == "copyright"
    assert reasons[8] == "byline"
    assert reasons[62] == "caption"


# --- documents: synthetic files -----------------------------------------------------------

BILINGUAL = "美国和俄罗斯官员举行了会谈。\n阅读更多\n___\nThe talks ended.\nU.S. and Russian officials met. They left.\nShare\n"


def test_bilingual_file_lines_go_to_their_language(tmp_path: Path) -> None:
    zh, en = load_document_parts(_write(tmp_path, BILINGUAL.encode(), name="report.zh.txt"), config=CONFIG)
    assert (zh.doc_id, zh.lang, zh.texts) == ("report", "zh", ["美国和俄罗斯官员举行了会谈。"])
    assert en.texts == ["The talks ended.", "U.S. and Russian officials met.", "They left."]
    assert [s.paragraph for s in en.sentences] == [4, 5, 5]
    assert [(b.line, b.reason) for b in zh.boilerplate] == [(2, "read-more"), (3, "separator")]
    assert [(b.line, b.reason) for b in en.boilerplate] == [(6, "share-buttons")]


def test_small_minority_language_stays_in_one_document(tmp_path: Path) -> None:
    text = "The talks in Geneva ended without progress on Monday. " * 10 + "\n他说。\n"
    (doc,) = load_document_parts(_write(tmp_path, text.encode()), config=CONFIG)
    assert doc.lang == "en" and doc.texts[-1] == "他说。"
    parts = load_document_parts(_write(tmp_path, text.encode()), config=IngestConfig(bilingual_min_share=0.01))
    assert [p.lang for p in parts] == ["en", "zh"]


def test_other_language_and_no_text_lines_are_boilerplate(tmp_path: Path) -> None:
    text = "Россия и США провели переговоры.\n2022-01-12\nThe talks ended.\n"
    (doc,) = load_document_parts(_write(tmp_path, text.encode()), config=CONFIG)
    assert doc.texts == ["The talks ended."]
    assert [(b.line, b.reason) for b in doc.boilerplate] == [(1, "other-language"), (2, "no-text")]


def test_load_document_checks_the_given_language(tmp_path: Path) -> None:
    english = _seed("004")
    doc = load_document(english, lang="en-US", config=CONFIG)
    assert doc.lang == "en" and doc.doc_id == english.name.split(".")[0]
    assert load_document(english, lang=None, config=CONFIG).texts == doc.texts
    with pytest.raises(InputError, match=r"given as Chinese \(zh\) but its text is English"):
        load_document(english, lang="zh", config=CONFIG)
    with pytest.raises(InputError, match="unknown language 'xx'"):
        load_document(english, lang="xx", config=CONFIG)


def test_load_document_keeps_both_languages_of_a_bilingual_file() -> None:
    doc = load_document(_seed("000"), lang="zh", config=CONFIG)
    zh, en = load_document_parts(_seed("000"), config=CONFIG)
    assert doc.lang == "zh" and doc.texts == zh.texts + en.texts


@pytest.mark.parametrize("text", ["Share\nSource link\nComments are closed.\n", "Россия\n___\n"])
def test_file_with_only_boilerplate_has_no_text_to_evaluate(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text.encode())
    with pytest.raises(InputError, match="contains no text to evaluate"):
        load_document_parts(path, config=CONFIG)
    with pytest.raises(InputError, match="contains no text to evaluate"):
        load_document(path, lang="en", config=CONFIG)
