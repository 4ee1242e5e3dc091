"""Language facts every stage agrees on: the languages, the Han script, joiners, length units, severities.

The bottom of the package: it imports nothing from evaltool, so ingest, alignment, metrics,
detectors and reports can all share one definition instead of each keeping its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The languages evaltool evaluates (user-given codes are normalised to these by ingest.check_lang).
SUPPORTED_LANGS = ("zh", "en")

# Han characters: every CJK Unified Ideographs block and the compatibility ideographs, as code
# point ranges and as a regular-expression class (used alike for counting and for detection).
HAN_RANGES = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x3134F),  # Extensions B–G and compatibility supplement
)
HAN_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in HAN_RANGES)
HAN = re.compile(f"[{HAN_CLASS}]")
# One Han character carries about as much text as three Latin letters (an English word
# averages ~4.7 letters, a Chinese word ~1.5 characters), so Han counts are weighted.
HAN_WEIGHT = 3

# Flag severities, most serious first.
CRITICAL = "critical"
MAJOR = "major"
MINOR = "minor"
SEVERITIES = (CRITICAL, MAJOR, MINOR)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A run of letters/digits that are not Han characters ("Trump", "2020", "3.5", "example.com"): one word.
_NON_HAN_WORD = re.compile(f"(?:(?![{HAN_CLASS}])[^\\W_])+(?:[.,:/'’-](?:(?![{HAN_CLASS}])[^\\W_])+)*")


def is_han(ch: str) -> bool:
    """True for one Han character."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in HAN_RANGES)


def joiner(lang: str) -> str:
    """What goes between two sentences of ``lang``: nothing for Chinese (and Japanese), a space otherwise.

    Accepts a region or script subtag ("zh-CN", "ja_JP").
    """
    return "" if lang.lower().replace("_", "-").split("-")[0] in {"zh", "ja"} else " "


def join(texts: Iterable[str], lang: str) -> str:
    """Sentences joined into one text as ``lang`` writes them."""
    return joiner(lang).join(texts)


def text_size(text: str, lang: str) -> int:
    """Han characters for Chinese, words (runs of letters and digits) otherwise.

    The detectors' unit: how much content a left-out or added text carries, punctuation and
    Latin names inside Chinese not counted.
    """
    if lang == "zh":
        return len(HAN.findall(text))
    return len(_WORD.findall(text))


def text_length(text: str, lang: str) -> int:
    """Length in the unit translators count: characters for Chinese, words otherwise.

    Used for the flag rates of ``compare`` (per 1,000 source units).
    """
    if lang == "zh":
        return sum(1 for ch in text if not ch.isspace())
    return len(text.split())


def length_units(text: str, lang: str) -> int:
    """Length for a document's length ratio: Chinese in Han characters plus one per Latin/digit run,
    other languages in whitespace-separated words.

    Punctuation is not counted and a URL, a Latin name or a number counts as one word (or a
    few), so they do not inflate a Chinese side the way counting every character would.
    """
    if lang == "zh":
        return len(HAN.findall(text)) + len(_NON_HAN_WORD.findall(HAN.sub(" ", text)))
    return len(text.split())
