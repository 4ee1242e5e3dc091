"""Reading numbers in Chinese text (simplified or traditional).

Numeral strings (二十五, 1.4万, 一九八五) are converted by ``cn2an``. Written here, because
cn2an does not do them: finding the numbers in running text (cn2an's ``transform``
also rewrites 一直 and 统一), the skip list of idioms that contain numerals
(``data/numbers_zh_traps.txt``), 百分之/分之 fractions, times of day (16时, 下午3点半,
15:50) and ordinals.
"""

from __future__ import annotations

import re
import warnings

from ..core import HAN_CLASS
from .dictionaries import cedict, jieba_tagged, segment
from .lexicon import load_words
from .numbers_base import Number, blank, clock, hm


_ZH_DIGITS = "零〇一二三四五六七八九十百千万亿两"
_ZH_NUM = f"[{_ZH_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
_ARABIC = rf"(?<![A-Za-z\d.])(?<!\d,)(?<![A-Za-zＡ-Ｚａ-ｚ{HAN_CLASS}][-－])\d+(?:[,，]\d{{3}})*(?:\.\d+)?(?!\d)"
_ZH_SCALE = r"(?:\s*[多余]?\s*[万亿千百])*"
_ZH_HOUR = "[零〇一二三四五六七八九十两]{1,3}"
# Characters that follow a counted quantity: measure words and units (五名, 三年, 两个).
_MEASURE_CHARS = "个名位人次年月日号天岁倍项条件家座只头匹辆架艘本部张块元米里吨时分秒周届轮场种类份层栋户所起例批台篇首章节国省市县队支枚颗公小美欧英"
_MEASURE = set(_MEASURE_CHARS)
_ZH_PATTERNS = (
    ("century", re.compile(f"(?P<c>{_ZH_NUM}|\\d+)\\s*世纪\\s*(?P<n>{_ZH_NUM}|\\d+)\\s*年代")),
    ("percent", re.compile(f"百分之(?P<n>{_ZH_NUM}|\\d+(?:\\.\\d+)?)")),
    ("fraction", re.compile(f"(?P<d>{_ZH_NUM}|\\d+)分之(?P<n>{_ZH_NUM}|\\d+)")),
    ("clock", re.compile(
        f"(?<![\\d.{_ZH_DIGITS}])(?P<n>{_ZH_HOUR}|\\d{{1,2}})\\s*(?P<unit>时(?![代期间候])|点)"
        f"(?:\\s*(?P<m>{_ZH_HOUR}|\\d{{1,2}})\\s*分(?![之钟])|(?P<half>半))?"
    )),
    ("clock", re.compile(f"(?<![\\d.:：])(?P<n>\\d{{1,2}})\\s?[:：]\\s?(?P<m>[0-5]\\d)(?![\\d:：]|\\s*[{_MEASURE_CHARS}])")),
    ("number", re.compile(f"(?P<ord>第)?(?P<n>{_ARABIC}{_ZH_SCALE}|{_ZH_NUM})")),
)


# Traditional characters that matter for numbers, mapped one to one onto simplified ones.
_TRADITIONAL = str.maketrans("兩萬億週點", "两万亿周点")


def zh_numbers(text: str) -> list[Number]:
    """Numbers in Chinese text (simplified or traditional), in reading order (trap idioms skipped)."""
    text = _mask_words(_mask(text.translate(_TRADITIONAL), _zh_traps()))
    text = _ZH_KILO_UNIT.sub(lambda m: " " + m.group(1), text)  # 1100千伏 is 1100 kV, not 1.1 million
    found: list[tuple[int, Number]] = []
    for kind, pattern in _ZH_PATTERNS:
        read = []
        for m in pattern.finditer(text):
            numbers = _zh_match(kind, m, text)
            if numbers is not None:  # None: not of this kind after all (三点意见 is no time)
                found += [(m.start(), n) for n in numbers]
                read.append(m.span())
        text = blank(text, read)
    return [n for _, n in sorted(found, key=lambda item: item[0])]


_ZH_KILO_UNIT = re.compile(r"千([伏瓦米克帕赫焦])")


def _zh_traps() -> re.Pattern[str]:
    words = sorted(load_words("numbers_zh_traps"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """Blank out trap idioms, except one that continues a numeral (三十分钟, 三万一千, 十一起, 八时十分)."""
    return pattern.sub(lambda m: m.group(0) if _continues_numeral(m) else " " * len(m.group(0)), text)


# What may follow a numeral inside one dictionary word that still counts something, beside
# CC-CEDICT's classifiers: measure words, 点 (三点), 月 (十月), 世 (二十世纪), 之 (三分之一), 成 (八成: 80 %).
_COUNTED_AFTER = _MEASURE | set("点月世之分多余成")


# jieba's parts of speech whose numerals a translation does not carry: idioms and set phrases
# (一言不发, 大吃一惊), adverbs, verbs, adjectives, conjunctions (一直, 统一, 一如) and names of
# people and places (三亚, 金泳三). Nouns, time words and abbreviations keep them (一等奖,
# 七旬, 三中全会: first prize, seventy years, the Third Plenum).
_NUMERAL_FREE_TAGS = frozenset({"i", "l", "d", "c", "v", "vn", "a", "z", "o", "s", "ns", "nr", "nrt", "nrfg"})


def _mask_words(text: str) -> str:
    """Blank the numerals inside words of the parts of speech above.

    A word read as a number stays: all numerals (二十五), numerals then what they count (三年,
    两个, 第一, 初三) and a word that continues the numeral before it (十一起: eleven cases).
    """
    if not any(ch in _ZH_DIGITS for ch in text):
        return text
    tags = jieba_tagged()[1]
    chars, pos = list(text), 0
    for word in segment(text):
        start, pos = pos, pos + len(word)
        if len(word) < 2 or not any(ch in _ZH_DIGITS for ch in word) or tags.get(word) not in _NUMERAL_FREE_TAGS:
            continue
        if _counts(word, text[:start]):
            continue
        for i, ch in enumerate(word, start):
            if ch in _ZH_DIGITS:
                chars[i] = " "
    return "".join(chars)


def _counts(word: str, before: str) -> bool:
    """Whether a word holding numerals is still a numeral or a counted quantity."""
    if before and (before[-1].isdigit() or before[-1] in _ZH_DIGITS):
        return word[0] in _ZH_DIGITS
    if not word.strip(_ZH_DIGITS + "多余"):  # 400 多万: about four million
        return True
    numeral = word.removeprefix("第").removeprefix("初")  # 第一, 初三 (the third day)
    rest = numeral.lstrip(_ZH_DIGITS)
    return len(rest) < len(numeral) and (not rest or _counted(rest[0]))


def _counted(char: str) -> bool:
    return char in _COUNTED_AFTER or "classifier" in cedict().get(char, ("", ""))[1]


def _continues_numeral(m: re.Match[str]) -> bool:
    """Also minutes after an hour: 八时十分 is 8:10, not 8 and "very"."""
    if m.group(0).endswith("分") and m.string[m.end() : m.end() + 1] == "钟":  # 十分钟: ten minutes, not "very"
        return True
    before = m.string[max(m.start() - 2, 0) : m.start()]
    if before[-1:] in ("时", "点") and before[:1] and (before[0].isdigit() or before[0] in _ZH_DIGITS):
        before = before[0]
    return bool(before) and (before[-1].isdigit() or before[-1] in _ZH_DIGITS) and m.group(0)[0] in _ZH_DIGITS


def _zh_match(kind: str, m: re.Match[str], text: str) -> list[Number] | None:
    if kind == "number" and (approximate := _zh_range(m.group("n"))):
        return [Number(m.group(0), v, soft=True) for v in approximate]
    value = _zh_value(m.group("n"))
    if value is None:
        return None if kind == "clock" else []
    if kind == "century":
        century = _zh_value(m.group("c")) or 0
        return [Number(m.group(0), 100 * (century - 1) + value)]
    if kind == "percent":
        return [Number(m.group(0), value)]
    if kind == "fraction":  # 五分之一 = 0.2 or 20 percent; 千分之五 also "5 per thousand"
        denominator = _zh_value(m.group("d"))
        if not denominator:
            return []
        per = (value,) if denominator in (1000, 10000) else ()
        return [Number(m.group(0), value / denominator, alternatives=(100 * value / denominator, *per))]
    if kind == "clock":
        return _zh_clock(m, text, value)
    return _zh_plain(m, text, value)


# Words for a part of the day just before an hour (下午3点, 25日晚8时), and what follows
# N点 when it is a time (3点钟, 8点整, 9点许) rather than a decimal or "three points".
_ZH_AM = re.compile(r"(?:上午|早上|早晨|清晨|凌晨|今晨|早|晨)\s*$")
_ZH_PM = re.compile(r"(?:下午|午后|晚上|傍晚|晚间|夜间|夜里|深夜|今晚|昨晚|明晚|当晚|晚)\s*$")
_ZH_NOON = re.compile(r"中午\s*$")
_ZH_DAY = re.compile(r"(?:[日号天]|北京时间)\s*$")
_ZH_CLOCK_AFTER = ("钟", "整", "许")


def _zh_clock(m: re.Match[str], text: str, hour: float) -> list[Number] | None:
    """N时 / N点 (M分, 半) / 15:50 as a time of day; an hour over 24 or a minute over 59
    is no time, and N点 only is one with minutes, 钟 or 整 after it or a day word before
    it (not 三点五, 三点意见). 时 is on a 24-hour clock unless 下午/晚上 comes before it;
    a bare N点 may be either half of the day."""
    if m.group("m"):
        minute = _zh_value(m.group("m"))
    else:
        minute = 30.0 if m.groupdict().get("half") else 0.0
    unit = m.groupdict().get("unit")
    if minute is None or hour > 24 or minute >= 60 or (hour == 24 and minute):
        return None
    before, after = text[: m.start()], text[m.end() :]
    if unit == "点" and not (m.group("m") or m.group("half") or after.startswith(_ZH_CLOCK_AFTER)
                            or _ZH_AM.search(before) or _ZH_PM.search(before) or _ZH_NOON.search(before)
                            or _ZH_DAY.search(before)):
        return None
    if _ZH_PM.search(before):
        times = (hour + 12,) if hour < 12 else (12.0, 24.0) if hour == 12 else (hour,)
    elif _ZH_NOON.search(before):
        times = (hour + 12,) if hour < 11 else (hour,)
    elif _ZH_AM.search(before) or unit != "点" or hour > 12:
        times = (0.0,) if hour == 12 and _ZH_AM.search(before) else (hour,)
    else:
        times = (hour, hour + 12) if hour < 12 else (hour,)
    parts = (hour, minute) if unit is None else ()  # 21:25 may be a score
    return [clock(m.group(0).strip(), hm(hour, minute), tuple(hm(t, minute) for t in times), parts=parts)]


def _zh_plain(m: re.Match[str], text: str, value: float) -> list[Number]:
    """A plain number. Vague ones (数十, 十几) are skipped; numerals in characters are soft
    when small (≤ 10), ordinal, or not followed by a measure word or unit."""
    start, end, written = m.start(), m.end(), m.group(0)
    arabic = any(c.isdigit() for c in written)
    if (not arabic and start and text[start - 1] in "数几上") or text[end : end + 1] in ("几", "来"):
        return []  # 数十, 上百, 十几, 十来个; digits after 上/数 are exact (机上4人, 时数3200小时)
    numeral = m.group("n")
    ordinal = bool(m.group("ord"))
    following = text[end:].lstrip()
    soft = not arabic and (ordinal or value <= 10 or text[end : end + 1] not in _MEASURE)
    if not arabic and text[start - 1 : start] == "每":  # 每千人: the base of a rate ("per thousand")
        soft = True
    alternatives: tuple[float, ...] = ()
    if following.startswith("年代") and value < 100:
        alternatives = (1900 + value, 2000 + value)
    elif following.startswith("世纪"):
        alternatives = (100 * (value - 1),)
    elif following.startswith("成"):  # 三成 = 30 percent, 两成 = a fifth
        alternatives = (10 * value, value / 10)
        soft = False
    elif _is_generation(numeral, following):  # 80后: born in the 1980s, "post-80s"
        alternatives, soft = (1900 + value, 2000 + value), True
    elif scale := _ZH_RANGE_SCALE.match(following):  # 600至850亿: 600亿 to 850亿
        alternatives = (value * _ZH_SCALES[scale.group(1)],)
    return [Number(written, value, soft, alternatives, ordinal)]


_ZH_RANGE_SCALE = re.compile(r"[至到~～\-–—]\s*[\d.]+\s*([万亿])")
_ZH_SCALES = {"万": 1e4, "亿": 1e8}


def _is_generation(numeral: str, following: str) -> bool:
    """80后, 90后, 00后: two digits for a decade, then 后."""
    return len(numeral) == 2 and numeral.isdigit() and numeral.endswith("0") and following.startswith("后")


# Two neighbouring digits for an approximate figure: 七八 (7-8), 十五六 (15-16), 二三十 (20-30),
# 三四百 (300-400), 五六千 (5,000-6,000).
_ZH_RANGE = re.compile("(十?)([一二三四五六七八九])([一二两三四五六七八九])([十百千万亿]*)")
_ZH_SMALL = "零一二三四五六七八九"


def _zh_range(numeral: str) -> tuple[float, float] | None:
    """The two ends of an approximate figure written with neighbouring digits, or None."""
    m = _ZH_RANGE.fullmatch(numeral)
    if not m or _ZH_SMALL.index(m.group(3).replace("两", "二")) - _ZH_SMALL.index(m.group(2)) != 1:
        return None
    ends = (_zh_value(m.group(1) + digit + m.group(4)) for digit in (m.group(2), m.group(3)))
    low, high = ends
    return (low, high) if low is not None and high is not None else None


def _zh_value(written: str) -> float | None:
    """cn2an's reading of 25, 1.4万, 二十五, 一九八五; None for what it cannot read."""
    cleaned = re.sub(r"[\s,，多余]", "", written)
    if cleaned[:1] in ("百", "千"):  # 百分之百: cn2an wants 一百
        cleaned = "一" + cleaned
    import cn2an  # slow to import (it builds its converters and a regex of place names): text with numerals only

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return float(cn2an.cn2an(cleaned, "smart"))
        except (ValueError, KeyError, IndexError):
            return None
