"""Plain-text documents: decode, tag each line with its language, drop furniture, split sentences.

A web page saved as text may hold a translation and its original one after the other (seed
000: Chinese, then the English title and article), so lines are sorted by language rather
than by position, and a file whose two languages both hold a real share of the text becomes
two Documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import IngestConfig
from ..core import HAN_WEIGHT
from ..errors import InputError
from ..records import Boilerplate, Document, Sentence
from ..segment import split_sentences
from .boilerplate import boilerplate_reason
from .decode import read_text
from .langid import check_lang, count_scripts, detect_lang, language_mismatch
from .limits import check_count, check_sentence_lengths



@dataclass(frozen=True)
class _Line:
    number: int  # 1-based line number in the file
    text: str
    lang: str  # "zh", "en" or "other"
    reason: str | None  # why it is boilerplate; None for content


@dataclass(frozen=True)
class _Text:
    """A decoded file, its lines tagged, and the content share of each language."""

    path: Path
    encoding: str
    lines: tuple[_Line, ...]
    shares: dict[str, float]

    @property
    def dominant(self) -> str:
        return max(self.shares, key=lambda lang: self.shares[lang])


def load_document_parts(path: Path, *, config: IngestConfig) -> list[Document]:
    """One Document per language of a plain-text file: two for a zh/en bilingual file, else one.

    A file is bilingual when each language holds at least ``config.bilingual_min_share`` of
    the content characters (Han weighted, see ``_weight``); then every line goes to the part of its language (parts in order
    of first appearance). Otherwise all content lines form one Document in the dominant language.
    """
    text = _read(Path(path), config=config)
    if min(text.shares.get("zh", 0.0), text.shares.get("en", 0.0)) < config.bilingual_min_share:
        return [_document(text, lang=text.dominant, line_langs=None, config=config)]
    order = list(dict.fromkeys(line.lang for line in text.lines if line.reason is None))
    return [
        _document(text, lang=lang, line_langs={lang} | ({"other"} if i == 0 else set()), config=config)
        for i, lang in enumerate(order)
    ]


def load_document(path: Path, *, lang: str | None, config: IngestConfig) -> Document:
    """All content of a file as one Document, e.g. an explicit --src or --tgt file.

    ``lang`` (normalised with check_lang) must match the text: a file where that language holds
    less than ``config.bilingual_min_share`` of the content is refused. None means the dominant one.
    """
    text = _read(Path(path), config=config)
    if lang is None:
        return _document(text, lang=text.dominant, line_langs=None, config=config)
    lang = check_lang(lang)
    if text.shares.get(lang, 0.0) < config.bilingual_min_share:
        raise language_mismatch(
            str(path), lang, text.dominant, hint="check the language option (--src-lang/--tgt-lang) or swap the files"
        )
    return _document(text, lang=lang, line_langs=None, config=config)


def doc_id_for(path: Path) -> str:
    """The file name without any extension: "report.zh.txt" → "report"."""
    name = Path(path).name
    return name.lstrip(".").split(".")[0] or name


def _read(path: Path, *, config: IngestConfig) -> _Text:
    raw, encoding = read_text(path, max_bytes=config.max_file_bytes, max_lines=config.max_lines)
    lines = tuple(
        _tag(number, line, config=config) for number, line in enumerate(raw.split("\n"), start=1) if line.strip()
    )
    chars = {"zh": 0, "en": 0}
    for line in lines:
        if line.reason is None:
            chars[line.lang] += _weight(line.text)
    total = sum(chars.values())
    if total == 0:
        raise InputError(f"{path} contains no text to evaluate (only blank lines, boilerplate or other languages)")
    return _Text(path, encoding, lines, {lang: n / total for lang, n in chars.items()})


def _weight(text: str) -> int:
    """Content characters of a line, a Han character counting as HAN_WEIGHT (about a word's worth).

    Raw counts would make a fully bilingual page only ~25% Chinese, too close to the threshold.
    """
    han = count_scripts(text).han
    return HAN_WEIGHT * han + sum(1 for ch in text if not ch.isspace()) - han


def _tag(number: int, line: str, *, config: IngestConfig) -> _Line:
    text = line.strip()
    lang = detect_lang(text, kana_hangul_min_share=config.kana_hangul_min_share)
    reason = boilerplate_reason(text, lang)
    if reason is None and count_scripts(text).letters == 0:
        reason = "no-text"
    elif reason is None and lang == "other":
        reason = "other-language"
    return _Line(number, text, lang, reason)


def _document(text: _Text, *, lang: str, line_langs: set[str] | None, config: IngestConfig) -> Document:
    """Build the Document for ``lang`` from the lines whose language is in ``line_langs`` (None: all)."""
    lines = [line for line in text.lines if line_langs is None or line.lang in line_langs]
    sentences: list[Sentence] = []
    for line in lines:
        if line.reason is None:
            for sentence in split_sentences(line.text, line.lang):
                sentences.append(Sentence(index=len(sentences), text=sentence, paragraph=line.number))
    check_count(str(text.path), len(sentences), limit=config.max_sentences, what="sentences", setting="max_sentences")
    check_sentence_lengths(((f"{text.path} line {s.paragraph}", s.text) for s in sentences),
                           limit=config.max_sentence_chars)
    return Document(
        doc_id=doc_id_for(text.path),
        lang=lang,
        sentences=tuple(sentences),
        boilerplate=tuple(Boilerplate(line.number, line.text, line.reason) for line in lines if line.reason),
        source=str(text.path),
        encoding=text.encoding,
    )
