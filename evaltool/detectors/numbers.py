"""Numbers: a quantity on one side of a bead with no equal on the other.

Both sides are read into values (10万 → 100000, 1.4万 → 14000, 百分之五十 → 50,
三十年 → 30; "100,000", "4.176 million", "fourteen thousand", "three decades" → 30) and
compared as multisets. Chinese numeral strings (二十五, 1.4万, 一九八五) are converted
by ``cn2an``. Written here, because cn2an does not do them: finding the numbers in
running text (cn2an's ``transform`` also rewrites 一直 and 统一), the skip list of
idioms that contain numerals (``data/numbers_zh_traps.txt``), 百分之/分之 fractions,
times of day, ordinals, and the whole English side (digits with separators and scale
words, number words, decades, months, clock times).

A time of day (16时, 下午3点半, 15:50; "1600 hours", "4 p.m.", "16: 00", "noon") is one
number with ``times``, its readings as hours of the day: two times of day are equal when
some readings agree modulo 24 (16时 = "1600 hours" = "4 p.m."; 24时 = "midnight"), so a
clock time is neither split into hour and minutes nor read as the figure 1600. Against a
plain number it is compared by its figures (the hour on a 24- and a 12-hour dial, and as
written: "1600 hours" may be a duration). A wrong hour is major, never a scale slip.

Some numbers are *soft*: they may go unmatched without a flag because translators
drop or rephrase them (一个 → "a", 两国 → "both countries", "first", "February"
without a date). A soft number still conflicts with an unmatched number on the other
side. Severity is major; critical when the values differ by a power of ten (10万 read
as 10,000), the classic scale slip that changes the magnitude of a claim.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass

import cn2an

from ..records import Flag
from .base import CRITICAL, MAJOR, DetectionContext
from .entities import mask_verbatim
from .lexicon import load_words
from .registry import register


@dataclass(frozen=True)
class Number:
    """A number as written, its value, and other readings that also count as equal."""

    text: str
    value: float
    soft: bool = False
    alternatives: tuple[float, ...] = ()
    ordinal: bool = False
    times: tuple[float, ...] = ()  # a time of day: its readings in hours (16.5 = 16:30)
    parts: tuple[float, ...] = ()  # figures that together also count as equal: 21:25 may be a score, 21-25

    def readings(self) -> tuple[float, ...]:
        return (self.value, *self.alternatives)


def clock(text: str, figure: float, times: tuple[float, ...], soft: bool = False,
          parts: tuple[float, ...] = ()) -> Number:
    """A time of day written ``text``; ``figure`` is the number as written (3 of "3 p.m.",
    1600 of "1600 hours"). Its plain readings add each time on a 24- and a 12-hour dial."""
    dial = {t % 24 for t in times} | {t - 12 for t in times if 13 <= t < 24} | set(times)
    return Number(text, figure, soft, tuple(sorted(dial - {figure})), times=times, parts=parts)


def _hm(hour: float, minute: float = 0) -> float:
    return hour + minute / 60


# ---------------------------------------------------------------- Chinese
_ZH_DIGITS = "零〇一二三四五六七八九十百千万亿两"
_ZH_NUM = f"[{_ZH_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
_ARABIC = r"(?<![A-Za-z\d.,])(?<![A-Za-z]-)\d+(?:[,，]\d{3})*(?:\.\d+)?(?!\d)"
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
    text = _mask(text.translate(_TRADITIONAL), _zh_traps())
    text = _ZH_KILO_UNIT.sub(lambda m: " " + m.group(1), text)  # 1100千伏 is 1100 kV, not 1.1 million
    found: list[tuple[int, Number]] = []
    for kind, pattern in _ZH_PATTERNS:
        read = []
        for m in pattern.finditer(text):
            numbers = _zh_match(kind, m, text)
            if numbers is not None:  # None: not of this kind after all (三点意见 is no time)
                found += [(m.start(), n) for n in numbers]
                read.append(m.span())
        text = _blank(text, read)
    return [n for _, n in sorted(found, key=lambda item: item[0])]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


_ZH_KILO_UNIT = re.compile(r"千([伏瓦米克帕赫焦])")


def _zh_traps() -> re.Pattern[str]:
    words = sorted(load_words("numbers_zh_traps"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """Blank out trap idioms, except one that continues a numeral (三十分钟, 三万一千, 十一起, 八时十分)."""
    return pattern.sub(lambda m: m.group(0) if _continues_numeral(m) else " " * len(m.group(0)), text)


def _continues_numeral(m: re.Match[str]) -> bool:
    """Also minutes after an hour: 八时十分 is 8:10, not 8 and "very"."""
    before = m.string[max(m.start() - 2, 0) : m.start()]
    if before[-1:] in ("时", "点") and before[:1] and (before[0].isdigit() or before[0] in _ZH_DIGITS):
        before = before[0]
    return bool(before) and (before[-1].isdigit() or before[-1] in _ZH_DIGITS) and m.group(0)[0] in _ZH_DIGITS


def _zh_match(kind: str, m: re.Match[str], text: str) -> list[Number] | None:
    value = _zh_value(m.group("n"))
    if value is None:
        return None if kind == "clock" else []
    if kind == "century":
        century = _zh_value(m.group("c")) or 0
        return [Number(m.group(0), 100 * (century - 1) + value)]
    if kind == "percent":
        return [Number(m.group(0), value)]
    if kind == "fraction":
        denominator = _zh_value(m.group("d"))
        return [Number(m.group(0), value / denominator)] if denominator else []
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
    return [clock(m.group(0).strip(), _hm(hour, minute), tuple(_hm(t, minute) for t in times), parts=parts)]


def _zh_plain(m: re.Match[str], text: str, value: float) -> list[Number]:
    """A plain number. Vague ones (数十, 十几) are skipped; numerals in characters are soft
    when small (≤ 10), ordinal, or not followed by a measure word or unit."""
    start, end, written = m.start(), m.end(), m.group(0)
    if (start and text[start - 1] in "数几上") or text[end : end + 1] in ("几", "来"):
        return []
    numeral = m.group("n")
    if _is_range(numeral):  # 七八个: "seven or eight"
        return [Number(ch, _zh_value(ch) or 0, soft=True) for ch in numeral]
    arabic = any(c.isdigit() for c in written)
    ordinal = bool(m.group("ord"))
    following = text[end:].lstrip()
    soft = not arabic and (ordinal or value <= 10 or text[end : end + 1] not in _MEASURE)
    alternatives: tuple[float, ...] = ()
    if following.startswith("年代") and value < 100:
        alternatives = (1900 + value, 2000 + value)
    elif following.startswith("世纪"):
        alternatives = (100 * (value - 1),)
    elif following.startswith("成"):  # 三成 = 30 percent
        alternatives = (10 * value,)
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


def _is_range(numeral: str) -> bool:
    values = [_ZH_SMALL.find(ch) for ch in numeral]
    return len(values) == 2 and min(values) > 0 and abs(values[0] - values[1]) == 1


_ZH_SMALL = "零一二三四五六七八九"


def _zh_value(written: str) -> float | None:
    """cn2an's reading of 25, 1.4万, 二十五, 一九八五; None for what it cannot read."""
    cleaned = re.sub(r"[\s,，多余]", "", written)
    if cleaned[:1] in ("百", "千"):  # 百分之百: cn2an wants 一百
        cleaned = "一" + cleaned
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return float(cn2an.cn2an(cleaned, "smart"))
        except (ValueError, KeyError, IndexError):
            return None


# ---------------------------------------------------------------- English
_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
    )
} | {w: 10 * i for i, w in enumerate("_ _ twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()) if i > 1}
_EXTRA = {"twice": 2, "dozen": 12, "half": 0.5, "decade": 10}
_FRACTION_WORDS = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        ["january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
         "august aug", "september sep sept", "october oct", "november nov", "december dec"]
    )
    for m in names.split()
}
_EN_DIGITS = re.compile(
    r"(?<![A-Za-z\d.,])(?<![A-Za-z]-)(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suf>st|nd|rd|th|s)?(?![\d])"
    r"(?:\s*-?\s*(?P<scale>(?i:hundred|thousand|million|billion|trillion))\b)?"
)
_MONTH_WORD = re.compile(r"\b(?P<m>[A-Z][a-z]{2,8})\b\.?(?=(?P<after>\s+\d)?)")


def en_numbers(text: str) -> list[Number]:
    """Numbers in English text: clock times, digits (with scale words), number words, months."""
    found, rest = _en_clocks(text)
    found += [(m.start(), _en_digit(m)) for m in _EN_DIGITS.finditer(rest)]
    found += _en_words(rest)
    found += _en_months(text)
    return [n for _, n in sorted(found, key=lambda item: item[0])]


_NOT_AFTER = r"(?<![\w.,:])"
_EN_CLOCK_PATTERNS = (
    # 4 p.m., 4:30pm, 4.30 a.m., 12 noon, 5 o'clock
    re.compile(_NOT_AFTER + r"(?P<h>1[0-2]|0?\d)(?:[.:](?P<m>[0-5]\d))?\s*"
               r"(?P<ap>[ap]\.\s?m\b\.?|[ap]m\b|o['’]clock\b|noon\b|midnight\b)", re.I),
    # 1600 hours, 0800 hrs: four digits and hours (also a duration: the figure stays a reading)
    re.compile(_NOT_AFTER + r"(?P<h>[01]\d|2[0-4])(?P<m>[0-5]\d)\s*(?P<mil>hours|hrs|hr|h)\b", re.I),
    # 16:00, 08:30, and "12: 00" (a space after the colon only before 0-minutes: not "Article 3: 15 people")
    re.compile(_NOT_AFTER + r"(?P<h>[01]?\d|2[0-4])(?::(?P<m>[0-5]\d)|:\s(?P<m0>0\d))(?!\d|\s?:\s?\d)"),
    # half past nine, a quarter to 5
    re.compile(r"(?<![\w-])(?P<frac>half|(?:a\s+)?quarter)[\s-]+(?P<dir>past|to)[\s-]+"
               r"(?P<h>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", re.I),
    re.compile(r"(?<![\w'’-])(?P<word>noon|midnight)\b", re.I),
)


def _en_clocks(text: str) -> tuple[list[tuple[int, Number]], str]:
    """Times of day, and the text with them blanked out for the other readers."""
    found, spans = [], []
    for pattern in _EN_CLOCK_PATTERNS:
        for m in pattern.finditer(text):
            if any(start < m.end() and m.start() < end for start, end in spans):
                continue
            number = _en_clock(m)
            if number is not None:
                found.append((m.start(), number))
                spans.append(m.span())
    return found, _blank(text, spans)


def _en_clock(m: re.Match[str]) -> Number | None:
    """Readings: a.m./p.m. fix the half of the day (12 p.m. is noon, 12 a.m. midnight);
    a four-digit "hours" time and a leading zero (08:00) are on a 24-hour clock; a bare
    4:30, "4 o'clock" or "half past four" may be either half. "noon" and "midnight" alone are soft."""
    groups = m.groupdict()
    written = m.group(0).strip()
    if groups.get("word"):
        noon = groups["word"].lower() == "noon"
        return clock(written, 12.0 if noon else 0.0, (12.0,) if noon else (0.0,), soft=True)
    hour = float(_UNITS.get(m.group("h").lower(), m.group("h")))
    minute = float(groups.get("m") or groups.get("m0") or 0)
    if groups.get("frac"):
        minute = 30.0 if groups["frac"].lower() == "half" else 15.0
        if groups["dir"].lower() == "to":
            hour, minute = (hour - 1) % 12 or 12, 60 - minute
    if hour > 24 or (hour == 24 and minute):
        return None
    ap = re.sub(r"[\s.]", "", (groups.get("ap") or "").lower())
    if ap == "am" or ap == "midnight":
        times = (0.0,) if hour == 12 else (hour,)
    elif ap == "pm":
        times = (hour,) if hour == 12 else (hour + 12,)
    elif ap == "noon":
        times = (hour,) if hour == 12 else (hour, hour + 12)
    elif groups.get("mil") or m.group("h").startswith("0") or hour == 0 or hour >= 12:
        times = (hour,)
    else:  # 4:30, 5 o'clock
        times = (hour, hour + 12)
    figure = float(m.group("h") + m.group("m")) if groups.get("mil") else _hm(hour, minute)
    parts = (hour, minute) if ":" in written and not ap else ()  # 21:25 may be a score
    return clock(written, figure, tuple(_hm(t, minute) for t in times), parts=parts)


_RANGE_SCALE = re.compile(r"\s*(?:-|–|to)\s*[\d.,]+\s*(thousand|million|billion|trillion)\b")


def _en_digit(m: re.Match[str]) -> Number:
    """A digit number; "4.2-3.9 million" gives the first figure the second one's scale."""
    value = float(m.group("n").replace(",", ""))
    scale = m.group("scale") or _range_scale(m)
    if scale:
        value *= _SCALES[scale.lower()]
    if m.string[m.start() - 1 : m.start()] == ":" and value == 0:  # 10:00, minutes on the hour
        return Number(m.group(0), value, soft=True)
    alternatives: tuple[float, ...] = ()
    if m.group("suf") == "s" and value >= 1900 and value % 10 == 0:
        alternatives = (value % 100,)
    return Number(m.group(0).strip(), value, alternatives=alternatives)


def _range_scale(m: re.Match[str]) -> str | None:
    after = _RANGE_SCALE.match(m.string, m.end())
    return after.group(1) if after else None


def _en_words(text: str) -> list[tuple[int, Number]]:
    """Number words: "fourteen thousand", "twenty-five", "three decades", "a third", "twice"."""
    words = _word_runs(text)
    found: list[tuple[int, Number]] = []
    i = 0
    while i < len(words):
        start, word = words[i]
        end, value = _parse_run(words, i)
        if end > i and end < len(words) and words[end][1] in _ORDINALS and words[end - 1][1] in _TENS:
            ordinal = value + _ORDINALS[words[end][1]]  # twenty-fourth
            found.append((start, Number(f"{words[i][1]}-{words[end][1]}", ordinal, True, (), True)))
            i = end + 1
            continue
        if end > i:
            found.append((start, _en_run_number(words, i, end, value)))
            i = end
            continue
        following = words[i + 1][1] if i + 1 < len(words) else ""
        if word == "a" and following in _FRACTION_WORDS:
            found.append((start, Number(f"a {following}", 1 / _FRACTION_WORDS[following], soft=True)))
            i += 1
        elif word in _ORDINALS:
            found.append((start, Number(word, _ORDINALS[word], soft=True, ordinal=True)))
        elif word in _EXTRA:
            found.append((start, Number(word, _EXTRA[word], soft=True)))
        i += 1
    return found


def _word_runs(text: str) -> list[tuple[int, str]]:
    """Lower-case words with positions; a "," or other mark between words becomes a word
    of its own, so "fourteen, one" is read as two numbers, not 14 + 1."""
    return [(m.start(), m.group(0).lower()) for m in re.finditer(r"[A-Za-z]+|[^\sA-Za-z-]", text)]


def _parse_run(words: list[tuple[int, str]], i: int) -> tuple[int, float]:
    """Read a cardinal starting at words[i]; return (index after it, value) or (i, 0)."""
    total, current, j = 0.0, 0.0, i
    while j < len(words):
        word = words[j][1]
        if word in _UNITS or word in _TENS:
            current += _UNITS.get(word, _TENS.get(word, 0))
        elif word in _SCALES and (current or (j > i and words[j - 1][1] == "a")):
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0.0
        elif word == "a" and j + 1 < len(words) and words[j + 1][1] in _SCALES:
            pass
        elif word == "and" and j > i and j + 1 < len(words) and words[j + 1][1] in _UNITS | _TENS:
            pass
        else:
            break
        j += 1
    return (j, total + current) if j > i and words[j - 1][1] not in ("a", "and") else (i, 0.0)


def _en_run_number(words: list[tuple[int, str]], i: int, end: int, value: float) -> Number:
    """Attach what follows the run: "decades" multiplies by ten, "third" makes a fraction."""
    written = " ".join(w for _, w in words[i:end])
    following = words[end][1] if end < len(words) else ""
    if following in ("decade", "decades"):
        return Number(f"{written} {following}", value * 10)
    if following in _FRACTION_WORDS and value < 10:
        return Number(f"{written} {following}", value / _FRACTION_WORDS[following])
    return Number(written, value, soft=value <= 10 or words[i][1] == "a")


def _en_months(text: str) -> list[tuple[int, Number]]:
    """Month names with a date next to them are hard (July 24); alone they are soft."""
    found = []
    for m in _MONTH_WORD.finditer(text):
        name = m.group("m").lower()
        if name not in _MONTHS or (name == "may" and not m.group("after")):
            continue
        dated = bool(m.group("after")) or bool(re.search(r"\d\s*$", text[: m.start()]))
        found.append((m.start(), Number(m.group("m"), _MONTHS[name], soft=not dated)))
    return found


# ---------------------------------------------------------------- comparison
def numbers_in(text: str, lang: str) -> list[Number]:
    """All numbers of a text in the given language."""
    return zh_numbers(text) if lang == "zh" else en_numbers(text)


def same(a: Number, b: Number) -> bool:
    """Equal readings, or one is a round figure of the other (4,178,027 ≈ 417.6万); two
    times of day by their times only, modulo 24 (24时 is midnight)."""
    if a.times and b.times:
        return any(math.isclose(x % 24, y % 24, abs_tol=1e-6) for x in a.times for y in b.times)
    return any(_close(x, y) for x in a.readings() for y in b.readings())


def _close(x: float, y: float) -> bool:
    if math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9):
        return True
    rounded, exact = (x, y) if _trailing_zeros(x) >= _trailing_zeros(y) else (y, x)
    return rounded >= 1000 and _trailing_zeros(rounded) >= 2 and abs(rounded - exact) <= 0.01 * rounded


def _trailing_zeros(x: float) -> int:
    if x != int(x) or x == 0:
        return 0
    digits = str(int(x))
    return len(digits) - len(digits.rstrip("0"))


def unmatched(src: list[Number], tgt: list[Number]) -> tuple[list[Number], list[Number]]:
    """Greedy one-to-one matching; the numbers of each side left without a partner.

    Not reported: a repeat of a value that did match (a translation may say a figure
    once where the source says it twice), and soft ones and fractions (一个 = "a").
    """
    free = list(range(len(tgt)))
    src_left = []
    for number in src:
        partner = next((j for j in free if same(number, tgt[j])), None)
        if partner is None:
            src_left.append(number)
        else:
            free.remove(partner)
    tgt_left = [tgt[j] for j in free]
    src_left, tgt_left = _match_parts(src_left, tgt_left)
    tgt_left, src_left = _match_parts(tgt_left, src_left)
    return _reportable(src_left, src), _reportable(tgt_left, tgt)


def _match_parts(left: list[Number], other: list[Number]) -> tuple[list[Number], list[Number]]:
    """A left-over number written in parts (21:25) matches left-over numbers of the other
    side that give each part (21, 25: the score of a set, not a time)."""
    for number in [n for n in left if n.parts]:
        free, partners = list(other), []
        for part in number.parts:
            partner = next((o for o in free if same(Number("", part), o)), None)
            if partner is None:
                break
            free.remove(partner)
            partners.append(partner)
        else:
            left = [n for n in left if n is not number]
            other = free
    return left, other


def _reportable(left: list[Number], side: list[Number]) -> list[Number]:
    matched = [n for n in side if not any(n is m for m in left)]
    return [
        n
        for n in left
        if not any(same(n, m) for m in matched) and not (n.soft and n.value <= 1)
    ]


def conflict(src_left: list[Number], tgt_left: list[Number]) -> bool:
    """A hard number left on either side, or soft ones of one kind left on both sides."""
    if any(not n.soft for n in src_left + tgt_left):
        return True
    return bool({n.ordinal for n in src_left} & {n.ordinal for n in tgt_left})


def _severity(src_left: list[Number], tgt_left: list[Number]) -> str:
    """Critical when some left-over pair differs by a power of ten (10万 vs 10,000), unless
    both are times of day (16时 against "1700 hours" is a wrong hour, major)."""
    for a in src_left:
        for b in tgt_left:
            if a.value > 0 and b.value > 0 and not (a.times and b.times):  # a wrong hour is no scale slip
                ratio = math.log10(max(a.value, b.value) / min(a.value, b.value))
                if ratio >= 1 and math.isclose(ratio, round(ratio), abs_tol=1e-9):
                    return CRITICAL
    return MAJOR


def _show(numbers: list[Number]) -> str:
    """Each number as written, with its value in parentheses where that reads differently (10万 (100000))."""
    return ", ".join(_shown(n) for n in numbers) or "(none)"


def _shown(number: Number) -> str:
    if number.times:  # 1600 hours (16:00), 3点 (3:00/15:00)
        return f"{number.text} ({'/'.join(_clock_face(t) for t in number.times)})"
    value = _fmt(number.value)
    return number.text if number.text == value else f"{number.text} ({value})"


def _clock_face(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


@register("numbers")
def detect_numbers(ctx: DetectionContext) -> list[Flag]:
    """Flag paired beads whose numbers do not match one to one."""
    flags = []
    for index, bead in ctx.translated():
        src = numbers_in(mask_verbatim(ctx.src_text(bead)), ctx.src_lang)
        tgt = numbers_in(mask_verbatim(ctx.tgt_text(bead)), ctx.tgt_lang)
        src_left, tgt_left = unmatched(src, tgt)
        if conflict(src_left, tgt_left):
            evidence = (
                f"src: {_show(src)} | tgt: {_show(tgt)}; "
                f"unmatched: {', '.join(n.text for n in src_left + tgt_left)}"
            )
            flags.append(Flag("number", _severity(src_left, tgt_left), evidence, index))
    return flags
