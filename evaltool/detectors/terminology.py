"""Terminology: a glossary's required target term, or a do-not-translate term, missing from the target.

The terms arrive as data in ``[detect.detectors.terminology]`` (``--glossary FILE`` / ``--dnt FILE``
read the files, see ``evaltool.ingest.terms``), so detection reads no file. Texts and terms are
compared after NFKC (full-width letters and digits become half-width) and case folding. A term
with Chinese characters matches as a substring (Chinese has no word boundaries); any other term
matches on word boundaries, word by word on Snowball (Porter 2) stems, so "translations" and
"translated" match "translation" and "translate". A term with symbols of its own ("C++", ".NET")
is matched as written, on word boundaries. A glossary pair is turned to each document's direction
by its script, so one en–zh glossary serves zh→en and en→zh documents; several pairs with one
source term accept any of their target terms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from ..core import HAN, HAN_CLASS
from ..errors import ConfigError
from ..records import Flag
from .base import MAJOR, DetectionContext
from .registry import detector

EVIDENCE_CHARS = 120
_WHERE = "[detect.detectors.terminology]"
# A word: letters and digits that are not Chinese characters (a Latin term inside Chinese text is one).
_LETTER = rf"[^\W_{HAN_CLASS}]"
_WORD = re.compile(f"{_LETTER}+")
_SEPARATORS = re.compile(r"[\s\-‐‑–]+")
_STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class TerminologySettings:
    """``glossary``: (source term, required target term) pairs, in either direction; ``dnt``: terms that
    must stay as they are. Lists (a TOML array) become tuples; every term is non-empty text."""

    glossary: tuple[tuple[str, str], ...] = ()
    dnt: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "glossary", tuple(_entry(n, e) for n, e in enumerate(self.glossary, start=1)))
        object.__setattr__(self, "dnt", tuple(_term(t, f"{_WHERE} dnt entry {n}") for n, t in enumerate(self.dnt, start=1)))


def _entry(number: int, entry: object) -> tuple[str, str]:
    where = f"{_WHERE} glossary entry {number}"
    if not isinstance(entry, (list, tuple)) or len(entry) != 2:
        raise ConfigError(f"{where} must be a pair [source term, target term], not {entry!r}")
    return _term(entry[0], where), _term(entry[1], where)


def _term(term: object, where: str) -> str:
    if not isinstance(term, str) or not term.strip():
        raise ConfigError(f"{where} must be non-empty text, not {term!r}")
    return term.strip()


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def _words(text: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in _WORD.findall(_key(text)))


@dataclass(frozen=True)
class _Term:
    """A term as it is looked for: a substring (Chinese), stems on word boundaries, or a pattern."""

    text: str
    key: str
    stems: tuple[str, ...]
    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, text: str, *, inflect: bool = True) -> _Term:
        key = _key(text)
        if HAN.search(key):
            return cls(text, key, (), None)
        plain = inflect and _SEPARATORS.sub(" ", key).strip() == " ".join(_WORD.findall(key))
        if plain:
            return cls(text, key, _words(key), None)
        return cls(text, key, (), re.compile(f"(?<!{_LETTER}){re.escape(key)}(?!{_LETTER})"))

    def found(self, text: _Text) -> bool:
        if self.stems:
            return _contains(text.stems, self.stems)
        if self.pattern is not None:
            return self.pattern.search(text.key) is not None
        return self.key in text.key


@dataclass(frozen=True)
class _Text:
    key: str
    stems: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> _Text:
        return cls(_key(text), _words(text))


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    return any(tuple(words[i:i + n]) == tuple(part) for i in range(len(words) - n + 1))


def _lang(term: str) -> str:
    return "zh" if HAN.search(term) else "en"


@dataclass(frozen=True)
class _Rules:
    """The glossary turned to one direction: each source term with the target terms it accepts."""

    glossary: tuple[tuple[_Term, tuple[_Term, ...]], ...]
    dnt: tuple[_Term, ...]


@lru_cache(maxsize=16)
def _rules(settings: TerminologySettings, src_lang: str) -> _Rules:
    accepted: dict[str, tuple[_Term, list[_Term]]] = {}
    for a, b in settings.glossary:
        source, target = (b, a) if _lang(a) != src_lang and _lang(b) == src_lang else (a, b)
        term = _Term.of(source)
        accepted.setdefault(term.key, (term, []))[1].append(_Term.of(target))
    dnt = tuple(_Term.of(t, inflect=False) for t in dict.fromkeys(settings.dnt))
    return _Rules(tuple((s, tuple(ts)) for s, ts in accepted.values()), dnt)


def _quoted(terms: Iterable[_Term]) -> str:
    return " or ".join(f'"{t.text}"' for t in terms)


def _shown(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS] + "…"


@detector(name="terminology", settings=TerminologySettings, mqm="Terminology/Inconsistent with termbase")
def detect_terminology(ctx: DetectionContext, settings: TerminologySettings) -> list[Flag]:
    """Flag a bead whose source has a glossary source term without one of its target terms in the
    target, or a do-not-translate term that the target does not keep (major: a termbase is a contract)."""
    if not settings.glossary and not settings.dnt:
        return []
    rules = _rules(settings, ctx.src_lang)
    flags = []
    for index, bead in ctx.translated():
        source, target = _Text.of(ctx.src_text(bead)), ctx.tgt_text(bead)
        translated = _Text.of(target)
        for term, targets in rules.glossary:
            if term.found(source) and not any(t.found(translated) for t in targets):
                evidence = f'glossary: "{term.text}" needs {_quoted(targets)}; target: "{_shown(target)}"'
                flags.append(Flag("terminology", MAJOR, evidence, index))
        for term in rules.dnt:
            if term.found(source) and not term.found(translated):
                evidence = f'do-not-translate: "{term.text}" is not kept; target: "{_shown(target)}"'
                flags.append(Flag("terminology", MAJOR, evidence, index))
    return flags
