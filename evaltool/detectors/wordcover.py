"""Which content words of a source have no counterpart in its translation (zh→en and en→zh).

Used by the partial-omission word check and the mistranslation evidence. A Chinese text is segmented with jieba (its dictionary
also gives each word a part-of-speech tag); Chinese content words are nouns, verbs,
adjectives, adverbs, time and place words of two or more characters that CC-CEDICT knows.
English content words are the words outside a stopword list that some CC-CEDICT gloss uses
(crudely stemmed), or that are capitalised (names); acronyms and number words are not. Every
source word is then linked to a word or adjacent word pair of the target (English tokens;
jieba words of a Chinese target) by competitive linking: the best-scoring remaining pair
first, each target word used once (twice in a Chinese target, whose words often render two
English ones). A pair scores 1.0 when the English side (crudely stemmed) is in the CC-CEDICT
glosses of the Chinese side, or spells its pinyin (names: 重庆 ↔ Chongqing), else the cosine
of the two embedded alone with the sentence model. Such links stand in for a word aligner: a
word whose own translation was dropped links only weakly, because the target words close to
it are taken by the source words they translate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
import numpy as np

from ..core import HAN_CLASS
from ..embed.requests import Needs, vectors_by_text
from .base import DetectionContext
from .dictionaries import cedict, jieba_tagged, pinyin, segment
from .lexicon import load_words
from .numbers import numbers_in
from .protected import mask_protected

# jieba part-of-speech tags of words whose loss changes the meaning (n… nouns and names, v verbs,
# a adjectives, d adverbs, t time, f locality, s place, i/l idioms, j abbreviations, b attributives)
CONTENT_TAGS = frozenset("n ns nr nrt nrfg nt nz ng vn an s j i l a ad b v d t f".split())
_HAN_WORD = re.compile(f"^[{HAN_CLASS}]+$")
_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z'’\-]*$")
_EN_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d[\d,.]*")
# an English source as pieces that join back to it: words (20th whole), runs of spaces, any other character
_EN_PIECE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*|\s+|[^A-Za-z0-9\s]")
_GLOSS_WORD = re.compile(r"[a-z]+")
_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\S*\|\S*")
_GLOSS_SKIPPED = ("CL:", "variant of", "old variant", "see ", "surname ", "abbr. for")
# gloss words that say nothing about the meaning
_GLOSS_STOP = frozenset(
    """a an the of and or to in on at by for with from as is are be it its this that sb sth one's
    someone something used see also kind type way form etc pr particle measure word""".split()
)
_SUFFIXES = ("ies", "es", "s", "ed", "ing", "ly", "ation", "ion", "ment", "er", "al")
# English words never counted as content words of a source: function words, light verbs and
# adverbs, and words a translation often renders inside another word (last year → 去年)
_EN_STOP = frozenset(
    """a an the this that these those there here it its it's they them their theirs he him his she her hers
    we us our ours you your yours i me my mine one ones who whom whose which what when where why how
    whoever whatever whichever and or but so if then than as of to in on at by for with from into onto
    upon about over under after before between through during against among within across along
    around toward towards via per be is are was were been being am do does did done doing have has had
    having will would shall should can could may might must ought also just only very too quite rather
    more most less least much many some any all each every both either other another such same own
    however therefore thus though although while whereas because since until unless whether yet still
    even ever again already often always sometimes perhaps maybe well like get got make made say said
    says go goes went gone take took last new mr mrs ms dr""".split()
)


@dataclass(frozen=True)
class WordLink:
    """A source content word, its best link into the target, and where it stands in the source."""

    word: str
    position: int
    score: float
    target: str


# Bead index → (its source words, its target, the links of the source's content words into the target).
BeadLinks = dict[int, tuple[list[str], str, list[WordLink]]]


def stem(word: str) -> str:
    """A crude English stem: one common suffix off, then the first six letters (found ~ finding)."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:6]


def _stems_of(definitions: str) -> frozenset[str]:
    """Stems of the meaningful English words in '/'-joined CC-CEDICT definitions."""
    stems = set()
    for gloss in definitions.split("/"):
        if gloss.startswith(_GLOSS_SKIPPED) or "used in" in gloss:
            continue
        for token in _GLOSS_WORD.findall(_GLOSS_NOISE.sub(" ", gloss.lower())):
            if token not in _GLOSS_STOP and len(token) > 1:
                stems.add(stem(token))
    return frozenset(stems)


@lru_cache(maxsize=None)
def gloss_stems(word: str) -> frozenset[str]:
    """Stems of the English words in the CC-CEDICT glosses of ``word`` (empty if unknown)."""
    entry = cedict().get(word)
    return _stems_of(entry[1]) if entry else frozenset()


@lru_cache(maxsize=1)
def _glossed_stems() -> frozenset[str]:
    """Every stem some CC-CEDICT definition uses: the English words the dictionary can translate.

    Read from all definitions at once (0.2 s instead of 1.3 s per gloss), so words of skipped
    glosses ("variant of", "surname") count too; they are rare in a source and harmless here.
    """
    text = _GLOSS_NOISE.sub(" ", "/".join(definitions for _, definitions in cedict().values()).lower())
    return frozenset(stem(t) for t in set(_GLOSS_WORD.findall(text)) if t not in _GLOSS_STOP and len(t) > 1)


def source_words(text: str, lang: str) -> list[str]:
    """The source as pieces that join back to it: jieba words (zh), or words, spaces and signs (en)."""
    return segment(text) if lang == "zh" else _EN_PIECE.findall(text)


def _linkable(piece: str, lang: str) -> bool:
    """A source piece that takes part in linking: a Han word (zh) or a Latin word (en)."""
    return bool((_HAN_WORD if lang == "zh" else _LATIN_WORD).match(piece))


def _en_key(word: str) -> str:
    """An English word without its possessive 's, lower case."""
    return word.lower().replace("’", "'").removesuffix("'s")


def is_content(word: str, lang: str = "zh") -> bool:
    """Whether a source word's loss changes the meaning.

    Chinese: two or more characters, in CC-CEDICT, tagged as a content word by jieba.
    English: not a stopword, and glossing some CC-CEDICT headword or capitalised (a name);
    not an acronym (Chinese often renders one in characters no dictionary links: NATO → 北约).
    Negation cues (没有, 从未, never) and number words are left to the detectors that read them.
    """
    if lang == "en":
        key = _en_key(word)
        return (len(key) >= 2 and key not in _EN_STOP and not word.isupper() and not numbers_in(key, "en")
                and key not in load_words("negation_en") and (word[0].isupper() or stem(key) in _glossed_stems()))
    return (len(word) >= 2 and jieba_tagged()[1].get(word) in CONTENT_TAGS and word in cedict()
            and word not in load_words("negation_zh"))


def target_spans(text: str, lang: str = "en") -> list[tuple[str, tuple[int, ...]]]:
    """Target words and adjacent word pairs (for names and phrases) with their token indices.

    English: word and number tokens, a pair joined by a space. Chinese: jieba words in Han or
    Latin script, a pair joined as one string.
    """
    if lang == "zh":
        tokens = [w for w in segment(text) if _HAN_WORD.match(w) or _LATIN_WORD.match(w)]
        joint = ""
    else:
        tokens, joint = _EN_TOKEN.findall(text), " "
    single = [(t, (i,)) for i, t in enumerate(tokens)]
    pairs = [(f"{a}{joint}{b}", (i, i + 1)) for i, (a, b) in enumerate(zip(tokens, tokens[1:]))]
    return [*single, *pairs]


@lru_cache(maxsize=1 << 16)
def _translates(zh: str, en: str, en_single: bool) -> bool:
    """A dictionary link: one English word glossing ``zh``, English spelling its pinyin, or the same Latin word."""
    if en_single and stem(en) in gloss_stems(zh):
        return True
    letters = re.sub(r"[^a-z]", "", en.lower())
    if _LATIN_WORD.match(zh):
        return letters == re.sub(r"[^a-z]", "", zh.lower())
    spelled = pinyin(zh)
    return len(spelled) >= 4 and "?" not in spelled and spelled == letters


def dictionary_matches(
    words: Sequence[str], spans: Sequence[tuple[str, tuple[int, ...]]], src_lang: str = "zh"
) -> np.ndarray:
    """Boolean source words × target spans, true where the dictionary links the two (``_translates``)."""
    matches = np.zeros((len(words), len(spans)), dtype=bool)
    for i, word in enumerate(words):
        for j, (text, index) in enumerate(spans):
            if src_lang == "zh":
                matches[i, j] = _translates(word, text, len(index) == 1)
            else:
                matches[i, j] = _translates(text, _en_key(word), True)
    return matches


def competitive_links(
    scores: np.ndarray, matches: np.ndarray, spans: Sequence[tuple[str, tuple[int, ...]]], capacity: int = 1
) -> list[int]:
    """Each source word's linked span (-1: none), best score first, each target token used ``capacity`` times.

    A dictionary match does not use its target token up: one English word may render two
    Chinese words (宠物 and 宠物食品 both in "pet food").
    """
    links = [-1] * scores.shape[0]
    used: Counter[int] = Counter()
    for flat in np.argsort(-scores, axis=None, kind="stable"):
        i, j = divmod(int(flat), scores.shape[1])
        if links[i] != -1 or any(used[t] >= capacity for t in spans[j][1]):
            continue
        links[i] = j
        if not matches[i, j]:
            used.update(spans[j][1])
    return links


def link_words(
    src_words: Sequence[str], tgt: str, vectors: dict[str, np.ndarray], src_lang: str = "zh"
) -> list[WordLink]:
    """Links of the content words among ``src_words`` (``source_words`` of one source) into ``tgt``.

    ``vectors`` holds the embedding of every source word and target span (see ``texts_to_embed``).
    """
    spans = target_spans(tgt, _other(src_lang))
    positions = [p for p, w in enumerate(src_words) if _linkable(w, src_lang)]
    if not positions or not spans:
        return []
    words = [src_words[p] for p in positions]
    matches = dictionary_matches(words, spans, src_lang)
    sims = np.stack([vectors[w] for w in words]) @ np.stack([vectors[s] for s, _ in spans]).T
    scores = np.where(matches, 1.0, sims)
    # a Chinese word often renders two English ones (丰富多彩 "diverse and interesting")
    links = competitive_links(scores, matches, spans, capacity=2 if src_lang == "en" else 1)
    return [
        WordLink(word, pos, max(0.0, float(scores[k, j])) if j >= 0 else 0.0, spans[j][0] if j >= 0 else "")
        for k, (word, pos, j) in enumerate(zip(words, positions, links))
        if is_content(word, src_lang)
    ]


def _other(lang: str) -> str:
    """The other language of the zh-en pair."""
    return "en" if lang == "zh" else "zh"


def texts_to_embed(src_words: Sequence[str], tgt: str, src_lang: str = "zh") -> set[str]:
    """The source words and target spans whose vectors ``link_words`` needs."""
    return ({w for w in src_words if _linkable(w, src_lang)}
            | {s for s, _ in target_spans(tgt, _other(src_lang))})


def without(src_words: Sequence[str], position: int) -> str:
    """The source with one word left out (and one of the spaces around it, if both sides have one)."""
    end = position + 1
    if 0 < position and end < len(src_words) and src_words[position - 1].isspace() and src_words[end].isspace():
        end += 1
    return "".join(src_words[:position]) + "".join(src_words[end:])


def bead_links(ctx: DetectionContext, indices: Iterable[int]) -> Needs[BeadLinks]:
    """Bead index → (source words, target, links of the source's content words) for the beads
    ``indices`` of ``ctx``; the words of all of them are embedded in one batch.

    Words inside URLs, e-mail addresses, handles, placeholders and markup (``mask_protected``)
    are the entity check's: on either side they take no part in linking. The source words
    returned still join back to the whole source (a leave-one-out comparison needs the whole
    source and each shortened one to differ by the one word left out).
    """
    lang = ctx.src_lang
    beads = []
    for i in indices:
        src, tgt = ctx.src_text(ctx.beads[i]), ctx.tgt_text(ctx.beads[i])
        words = source_words(src, lang)
        beads.append((i, words, _outside_verbatim(words, mask_protected(src)), tgt, mask_protected(tgt)))
    texts = set().union(*(texts_to_embed(linkable, tgt, lang) for _, _, linkable, _, tgt in beads))
    vectors = yield from vectors_by_text(texts)
    links = {}
    for i, words, linkable, tgt, masked_tgt in beads:
        found = link_words(linkable, masked_tgt, vectors, lang)
        if found:
            links[i] = (words, tgt, found)
    return links


def _outside_verbatim(words: list[str], masked: str) -> list[str]:
    """``words`` (which join back to the source) with each piece that overlaps a blanked-out
    verbatim string of ``masked`` (``mask_protected`` of the source) replaced by ''; positions keep."""
    kept, pos = [], 0
    for word in words:
        kept.append(word if masked[pos : pos + len(word)] == word else "")
        pos += len(word)
    return kept
