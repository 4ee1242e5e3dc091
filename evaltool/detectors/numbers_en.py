"""Reading numbers in English text: digits with separators and scale words, number
words, decades, months, and clock times ("1600 hours", "4 p.m.", "16: 00", "noon")."""

from __future__ import annotations

import re

from .numbers_base import Number, blank, clock, hm


_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Misspelt scales after a figure ("6 billon", as deliveries do carry) mean the scale, not no scale;
# only after digits, since "billon" alone is a word (an alloy).
_FIGURE_SCALES = {**_SCALES, "milion": 1e6, "millon": 1e6, "bilion": 1e9, "billon": 1e9, "trilion": 1e12}
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
    )
} | {w: 10 * i for i, w in enumerate("_ _ twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()) if i > 1}
_EXTRA = {"twice": 2, "thrice": 3, "dozen": 12, "half": 0.5, "decade": 10} | {
    f"{w}fold": v for w, v in (("two", 2), ("three", 3), ("four", 4), ("five", 5), ("ten", 10), ("hundred", 100))
}
_FRACTION_WORDS = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4} | {
    f"{w}{s}": d for w, d in (("fifth", 5), ("sixth", 6), ("seventh", 7), ("eighth", 8), ("ninth", 9), ("tenth", 10),
                              ("hundredth", 100), ("thousandth", 1000)) for s in ("", "s")
}
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
    r"(?:(?P<suf>st|nd|rd|th|s)|(?P<abbr>bn|tn|[kKmMbB])(?![A-Za-z]))?(?![\d])"
    r"(?:\s*-?\s*(?P<scale>(?i:" + "|".join(_FIGURE_SCALES) + r"))\b)?"
)
_MONTH_WORD = re.compile(r"\b(?P<m>[A-Z][a-z]{2,8})\b\.?(?=(?P<after>\s+\d)?)")


# A currency code written against its figure: RMB3.45 billion, USD500.
_CURRENCY_GLUED = re.compile(r"\b(RMB|CNY|USD|HKD|EUR|GBP|JPY|TWD|NTD|SGD|AUD|CAD)(?=\d)")


def en_numbers(text: str) -> list[Number]:
    """Numbers in English text: clock times, digits (with scale words), number words, months."""
    text = _CURRENCY_GLUED.sub(r"\1 ", text)
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
    # 1600 hours, 0800 hrs, 1200 GMT: four digits and hours or a time zone (after "hours" also a
    # duration: the figure stays a reading)
    re.compile(_NOT_AFTER + r"(?P<h>[01]\d|2[0-4])(?P<m>[0-5]\d)\s*(?P<mil>hours|hrs|hr|h|GMT|UTC)\b", re.I),
    # 16:00, 08:30, and "12: 00" (a space after the colon only before 0-minutes: not "Article 3: 15 people")
    re.compile(_NOT_AFTER + r"(?P<h>[01]?\d|2[0-4])(?::(?P<m>[0-5]\d)|:\s(?P<m0>0\d))(?!\d|\s?:\s?\d)"),
    # half past nine, a quarter to 5
    re.compile(r"(?<![\w-])(?P<frac>half|(?:a\s+)?quarter)[\s-]+(?P<dir>past|to)[\s-]+"
               r"(?P<h>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", re.I),
    re.compile(r"(?<![\w'’-])(?P<word>noon|midnight)\b", re.I),
)


def _en_clocks(text: str) -> tuple[list[tuple[int, Number]], str]:
    """Times of day, and the text with them blanked out for the other readers."""
    found: list[tuple[int, Number]] = []
    spans: list[tuple[int, int]] = []
    for pattern in _EN_CLOCK_PATTERNS:
        for m in pattern.finditer(text):
            if any(start < m.end() and m.start() < end for start, end in spans):
                continue
            number = _en_clock(m)
            if number is not None:
                found.append((m.start(), number))
                spans.append(m.span())
    return found, blank(text, spans)


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
    times: tuple[float, ...]
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
    figure = float(m.group("h") + m.group("m")) if groups.get("mil") else hm(hour, minute)
    parts = (hour, minute) if ":" in written and not ap else ()  # 21:25 may be a score
    return clock(written, figure, tuple(hm(t, minute) for t in times), parts=parts)


_RANGE_SCALE = re.compile(r"\s*(?:-|–|to)\s*[\d.,]+\s*(thousand|million|billion|trillion)\b")


# Scale abbreviations after a figure: $250m, 1.2bn, 50K. "k", "m" and "b" are a sure scale only
# after a currency sign or code ($250m); elsewhere 250m may be metres and 4K a resolution, so the
# scaled value is only a second reading.
_ABBREVIATIONS = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
_CURRENCY_BEFORE = re.compile(r"(?:[$£€¥]|\b(?:RMB|CNY|USD|HKD|EUR|GBP|JPY|yuan|dollars?))\s?$", re.IGNORECASE)
# "per 1,000", "per 100,000": the base of a rate, which Chinese may leave out (千分之三 for "3 per 1,000").
_PER_BEFORE = re.compile(r"\bper\s+$", re.IGNORECASE)


def _en_digit(m: re.Match[str]) -> Number:
    """A digit number; "4.2-3.9 million" gives the first figure the second one's scale, "$250m"
    and "50K" their abbreviated scale."""
    value = float(m.group("n").replace(",", ""))
    scale = m.group("scale") or _range_scale(m)
    if scale:
        value *= _FIGURE_SCALES[scale.lower()]
    abbr = (m.group("abbr") or "").lower()
    if abbr:
        written = m.group(0).strip()
        if abbr in ("bn", "tn") or _CURRENCY_BEFORE.search(m.string[: m.start()]):
            return Number(written, value * _ABBREVIATIONS[abbr])
        return Number(written, value, alternatives=(value * _ABBREVIATIONS[abbr],))
    if _PER_BEFORE.search(m.string[: m.start()]):
        return Number(m.group(0).strip(), value, soft=True)
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
        if end > i and [w for _, w in words[end : end + 3]] == ["and", "a", "half"]:  # two and a half (million)
            after = end + 3
            value += 0.5
            if after < len(words) and _SCALES.get(words[after][1], 0) >= 1000:
                value, after = value * _SCALES[words[after][1]], after + 1
            found.append((start, Number(" ".join(w for _, w in words[i:after]), value, soft=value <= 10)))
            i = after
            continue
        if end > i:
            found.append((start, _en_run_number(words, i, end, _range_scaled(words, end, value))))
            i = end
            continue
        part = _part_of_scale(words, i)
        if part is not None:  # half a million, a quarter of a million
            after, value = part
            found.append((start, Number(" ".join(w for _, w in words[i:after]), value)))
            i = after
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


_PART_OF_SCALE = re.compile(r"(?:a )?(half|quarter)(?: of)?(?: a)? (thousand|million|billion|trillion)")


def _part_of_scale(words: list[tuple[int, str]], i: int) -> tuple[int, float] | None:
    """(index after it, value) of "half a million", "a quarter of a million", "a quarter million"; else None."""
    text = " ".join(w for _, w in words[i : i + 5])
    m = _PART_OF_SCALE.match(text)
    if not m or text[m.end() : m.end() + 1] not in ("", " "):
        return None
    share = 0.5 if m.group(1) == "half" else 0.25
    return i + len(m.group(0).split()), share * _SCALES[m.group(2)]


def _range_scaled(words: list[tuple[int, str]], end: int, value: float) -> float:
    """The first figure of a range gets the second one's scale: "three or four hundred" is 300 to 400."""
    if end + 1 >= len(words) or words[end][1] not in ("or", "to") or value >= 100:
        return value
    after, _ = _parse_run(words, end + 1)
    last = words[after - 1][1] if after > end + 1 else ""
    return value * _SCALES[last] if last in _SCALES and _SCALES[last] > value else value


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


# Words before "May" that make it the month, not the modal verb ("in May", "end of May", "late May").
_MAY_BEFORE = re.compile(
    r"\b(?:in|of|since|until|till|by|from|to|through|during|before|after|last|next|this|early|mid|late)[\s-]+$", re.I
)


def _en_months(text: str) -> list[tuple[int, Number]]:
    """Month names, soft: they match a Chinese month (9月) but need none, because translations
    add the month to a bare day (27日 → "September 27", common in newstest2020's references)."""
    found = []
    for m in _MONTH_WORD.finditer(text):
        name = m.group("m").lower()
        if name not in _MONTHS or (name == "may" and not m.group("after") and not _MAY_BEFORE.search(text[: m.start()])):
            continue
        found.append((m.start(), Number(m.group("m"), _MONTHS[name], soft=True)))
    return found
