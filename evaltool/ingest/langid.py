"""Language of a line from script counts, and normalisation of user-given language codes.

evaltool only evaluates Chinese and English, so a full language identifier is not needed:
counting Han characters against Latin letters is exact for the cases that matter (a Chinese
line with a few Latin names or acronyms, an English line with one Chinese name) and has no
model to load. Any Latin-script text counts as English.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..config import IngestConfig
from ..core import HAN_RANGES, HAN_WEIGHT, SUPPORTED_LANGS
from ..errors import InputError

_KANA_HANGUL_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul Compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana extensions
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xFF66, 0xFF9D),  # half-width Katakana
)
_LATIN_RANGES = (
    (0x0041, 0x005A),
    (0x0061, 0x007A),
    (0x00C0, 0x024F),  # Latin-1 letters, Extended-A/B
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0xFF21, 0xFF3A),  # full-width A-Z
    (0xFF41, 0xFF5A),  # full-width a-z
)

_LANG_ALIASES = {
    "zh": "zh",
    "zho": "zh",
    "chi": "zh",
    "cmn": "zh",
    "chinese": "zh",
    "en": "en",
    "eng": "en",
    "english": "en",
}


class ScriptCounts(NamedTuple):
    """Letters of a text by script: Han, Latin, Kana/Hangul, and any other letters."""

    han: int
    latin: int
    kana_hangul: int
    other: int

    @property
    def letters(self) -> int:
        return self.han + self.latin + self.kana_hangul + self.other


def _in(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def count_scripts(text: str) -> ScriptCounts:
    """Count the letters of ``text`` by script (digits, punctuation and spaces are ignored)."""
    han = latin = kana_hangul = other = 0
    for ch in text:
        code = ord(ch)
        if _in(code, HAN_RANGES):
            han += 1
        elif _in(code, _LATIN_RANGES):
            latin += 1
        elif _in(code, _KANA_HANGUL_RANGES):
            kana_hangul += 1
        elif ch.isalpha():
            other += 1
    return ScriptCounts(han, latin, kana_hangul, other)


def detect_lang(text: str, *, kana_hangul_min_share: float = IngestConfig.kana_hangul_min_share) -> str:
    """Return "zh", "en" or "other" (another script, or no letters at all) for a line of text.

    Kana or Hangul making up at least ``kana_hangul_min_share`` of the CJK characters mark Japanese
    or Korean ("other"), not Chinese.
    """
    counts = count_scripts(text)
    if counts.letters == 0:
        return "other"
    cjk = counts.han + counts.kana_hangul
    if counts.kana_hangul and counts.kana_hangul >= kana_hangul_min_share * cjk:
        scores = {"zh": 0, "en": counts.latin, "other": counts.other + HAN_WEIGHT * cjk}
    else:
        scores = {"zh": HAN_WEIGHT * counts.han, "en": counts.latin, "other": counts.other + counts.kana_hangul}
    return max(scores, key=lambda lang: scores[lang])


LANG_NAMES = {"zh": "Chinese", "en": "English"}


def language_mismatch(label: str, lang: str, found: str, *, hint: str) -> InputError:
    """The one-line error for a text given as ``lang`` whose letters are mostly in ``found``."""
    return InputError(
        f"{label} was given as {LANG_NAMES.get(lang, lang)} ({lang}) but its text is "
        f"{LANG_NAMES.get(found, found)} ({found}): {hint}"
    )


def check_lang(code: str) -> str:
    """Normalise a user-given language code ("zh-CN", "ZH", "cmn", "en-US", "eng") to "zh" or "en"."""
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    lang = _LANG_ALIASES.get(primary)
    if lang is None:
        raise InputError(f"unknown language '{code}': supported languages are {', '.join(sorted(SUPPORTED_LANGS))}")
    return lang


LANGUAGE_SAMPLE_LINES = 500


def _language_shares(lines: Sequence[str]) -> dict[str, float]:
    """Share of zh and en in (up to LANGUAGE_SAMPLE_LINES evenly spaced) lines, Han weighted as in ingest;
    {} when they hold no Chinese or Latin letters."""
    step = max(1, len(lines) // LANGUAGE_SAMPLE_LINES)
    counts = count_scripts("\n".join(lines[::step]))
    weights = {"zh": HAN_WEIGHT * counts.han, "en": counts.latin}
    total = sum(weights.values())
    return {lang: w / total for lang, w in weights.items()} if total else {}


def check_languages(
    texts: Iterable[tuple[str, Sequence[str], str]], *, min_share: float, options: str = "src_lang/tgt_lang"
) -> None:
    """Each (label, lines, lang) must be mostly in ``lang``: a text where ``lang`` holds less than ``min_share``
    of the letters (as `run` does for its files) is an InputError naming the label, e.g. swapped languages."""
    for label, lines, lang in texts:
        shares = _language_shares(lines)
        if shares and shares.get(lang, 0.0) < min_share:
            found = max(shares, key=lambda k: shares[k])
            raise language_mismatch(label, lang, found, hint=f"check the languages ({options}) or the files")
