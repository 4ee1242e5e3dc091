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
from collections.abc import Iterable
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
            return self.stems[0] in text.stem_set and _contains(text.stems, self.stems)
        if self.pattern is not None:
            return self.pattern.search(text.key) is not None
        return self.key in text.key


@dataclass(frozen=True)
class _Text:
    """A text as terms are looked for in it; ``stem_set`` rules out most terms of a large glossary at once."""

    key: str
    stems: tuple[str, ...]
    stem_set: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Text:
        stems = _words(text)
        return cls(_key(text), stems, frozenset(stems))


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(word == part[0] and words[i:i + n] == part for i, word in enumerate(words))


def _lang(term: str) -> str:
    return "zh" if HAN.search(term) else "en"


@dataclass(frozen=True)
class _Rules:
    """The glossary turned to one direction: each source term with the target terms it accepts, and
    where to look them up (so a large glossary costs little per sentence): by the first stem of a
    term matched by stems, by the first character of a substring term; a pattern term always."""

    glossary: tuple[tuple[_Term, tuple[_Term, ...]], ...]
    index: dict[str, tuple[int, ...]]
    always: tuple[int, ...]
    dnt: tuple[_Term, ...]

    def candidates(self, text: _Text) -> list[tuple[_Term, tuple[_Term, ...]]]:
        """The glossary entries whose source term may be in ``text``, in glossary order."""
        found = {i for key in text.stem_set.union(text.key) for i in self.index.get(key, ())}
        return [self.glossary[i] for i in sorted(found.union(self.always))]


@lru_cache(maxsize=16)
def _rules(settings: TerminologySettings, src_lang: str) -> _Rules:
    accepted: dict[str, tuple[_Term, list[_Term]]] = {}
    for a, b in settings.glossary:
        source, target = (b, a) if _lang(a) != src_lang and _lang(b) == src_lang else (a, b)
        term = _Term.of(source)
        accepted.setdefault(term.key, (term, []))[1].append(_Term.of(target))
    glossary = tuple((s, tuple(ts)) for s, ts in accepted.values())
    index: dict[str, list[int]] = {}
    for number, (term, _) in enumerate(glossary):
        if term.pattern is None:
            index.setdefault(term.stems[0] if term.stems else term.key[0], []).append(number)
    always = tuple(i for i, (term, _) in enumerate(glossary) if term.pattern is not None)
    dnt = tuple(_Term.of(t, inflect=False) for t in dict.fromkeys(settings.dnt))
    return _Rules(glossary, {k: tuple(v) for k, v in index.items()}, always, dnt)


def _quoted(terms: Iterable[_Term]) -> str:
    return " or ".join(f'"{t.text}"' for t in terms)


def _shown(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS] + "…"


@detector(
    name="terminology", settings=TerminologySettings, mqm="Terminology/Inconsistent with termbase", per_bead=True
)
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
        for term, targets in rules.candidates(source):
            if term.found(source) and not any(t.found(translated) for t in targets):
                evidence = f'glossary: "{term.text}" needs {_quoted(targets)}; target: "{_shown(target)}"'
                flags.append(Flag("terminology", MAJOR, evidence, index))
        for term in rules.dnt:
            if term.found(source) and not term.found(translated):
                evidence = f'do-not-translate: "{term.text}" is not kept; target: "{_shown(target)}"'
                flags.append(Flag("terminology", MAJOR, evidence, index))
    return flags
