"""Chinese and English sentence splitters.

A small rule-based splitter rather than a library: pysbd is unmaintained since 2021 and
slow, NLTK's punkt needs downloaded data, and spaCy/stanza need models, while news text
needs only a handful of rules: terminal punctuation, closing quotes, and an abbreviation
list for English. Every character of the input ends up in exactly one sentence (only the
whitespace around sentences is dropped), and a line break always ends a sentence.
"""

from __future__ import annotations

import re

from .errors import InputError

# Chinese: a run of terminal marks (full-width and ASCII ?!, the ellipsis "……" or "..."),
# then any closing quotes and brackets, which stay with their sentence.
_ZH_END = re.compile(r"(?:[。！？；!?]+|…+|\.{3,})[”’」』）)\]】》]*")
# English: terminal marks plus closing quotes/brackets, followed by a space.
_EN_END = re.compile(r"(?:[.?!…]+)[\"'”’)\]»]*(?=\s)")
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[«]*([\w’'.-]*)")
_MAX_ABBREVIATION = 12  # characters looked at before a full stop

# Titles written before a name: never the end of a sentence.
_TITLES = frozenset(
    "mr mrs ms messrs dr prof gen lt col maj capt sgt adm cmdr sen rep gov pres rev hon st mt ft".split()
)
# Abbreviations that introduce what follows: never the end of a sentence.
_INTRODUCERS = frozenset("e.g i.e vs cf viz".split())
# Abbreviations that may also end a sentence: they do only when a usual sentence opener follows.
_AMBIGUOUS = frozenset(
    (
        "u.s u.n u.k e.u u.s.a d.c a.m p.m etc inc co corp ltd jr sr no nos approx est fig vol "
        "jan feb mar apr jun jul aug sep sept oct nov dec"
    ).split()
)
_OPENERS = frozenset(
    (
        "a an the he she it we they i you this that these those there here his her its our their "
        "but and or so yet if when while after before since as at in on for with by from to of "
        "however meanwhile still now then also some many most both neither nor not no all "
        "what who why how where which one two three asked officials"
    ).split()
)


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentences with the rules for ``lang`` ("zh" or "en").

    Line breaks are hard boundaries; sentences are stripped and never empty. A fragment
    without letters or digits (a stray quote after a full stop) joins the sentence before it.
    """
    if lang not in ("zh", "en"):
        raise InputError(f"no sentence splitter for language '{lang}': supported languages are en, zh")
    cut = _zh_cuts if lang == "zh" else _en_cuts
    sentences: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line:
            sentences.extend(_pieces(line, cut(line)))
    return sentences


def _pieces(line: str, cuts: list[int]) -> list[str]:
    """Slice ``line`` at ``cuts``; a slice with no letters or digits joins its neighbour."""
    bounds = [0, *cuts, len(line)]
    spans = [(a, b) for a, b in zip(bounds, bounds[1:]) if line[a:b].strip()]
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not (_has_word(line[start:end]) and _has_word(line[slice(*merged[-1])])):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [line[start:end].strip() for start, end in merged]


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _zh_cuts(line: str) -> list[int]:
    """Cut after each terminal run; an ASCII double quote right after it closes an open quote."""
    cuts = []
    start = 0
    for match in _ZH_END.finditer(line):
        end = match.end()
        if end < len(line) and line[end] == '"' and line.count('"', start, end) % 2 == 1:
            end += 1
        cuts.append(end)
        start = end
    return cuts


def _en_cuts(line: str) -> list[int]:
    return [m.end() for m in _EN_END.finditer(line) if _ends_sentence(line, m)]


def _ends_sentence(line: str, match: re.Match[str]) -> bool:
    """Decide whether the terminal marks in ``match`` end an English sentence."""
    following = _NEXT_WORD.match(line, match.end())
    next_word = following.group(1) if following else ""
    if next_word[:1].islower():
        return False  # `..." he said`, `e.g. a`, `… we`
    marks = match.group().rstrip("\"'”’)]»")
    if not marks.endswith(".") or marks.endswith(".."):
        return True  # ? ! … and "..." end a sentence unless lower case follows
    before = line[max(0, match.start() - _MAX_ABBREVIATION) : match.start()].split()
    word = before[-1].lstrip("\"'“‘([«").lower() if before else ""
    if word in _TITLES or word in _INTRODUCERS or _is_initial(word):
        return False
    if word in _AMBIGUOUS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
        return next_word.lower() in _OPENERS
    return True


def _is_initial(word: str) -> bool:
    """A single letter before the full stop, as in "Sergei A. Ryabkov"."""
    return len(word) == 1 and word.isalpha()
