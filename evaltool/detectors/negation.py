"""Negation: a negation present on one side of a bead and not on the other.

Cues come from editable lists in ``evaltool/data``: ``negation_{zh,en}.txt`` hold
syntactic negation (不, 没有, not, n't), ``negation_{zh,en}_lexical.txt`` words that
negate by meaning or prefix (无望, 拒绝, hopeless, refused), and ``*_traps.txt`` words
that contain a cue but do not negate (非常, 不断, 无论, "no doubt", "not only").
English un-/non-/-less words are lexical by rule, so the list need not name them all.

Lexical negation is optional: translators render "hopeless" as 无望 or 绝望, so a
lexical cue may pair with a negation on the other side but is not required to. A bead
is flagged when its two sides differ both in syntactic negations and in all negations
(syntactic + lexical): "我不认为形势无望" (1 + 1) and "I don't consider the situation
hopeless" (1 + 1) agree; an added "not" with nothing on the Chinese side does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Flag
from .base import CRITICAL, DetectionContext
from .lexicon import Match, en_tokens, load_words, scan
from .registry import register

# Chinese characters that form A-not-A questions (有没有, 是不是): not negations.
_A_NOT_A = frozenset("不没")
# Han characters of context shown after a one-character Chinese cue in the evidence.
_ZH_CONTEXT = 2
_HAN = re.compile(r"[\u4e00-\u9fff]")
# English affixal negation by rule (unusual, non-violent, homeless), minus look-alikes.
_EN_AFFIXAL = re.compile(
    r"un(?!i|der|til|less)[a-z]{4,}|non-?[a-z]{3,}|[a-z]{3,}less(?:ly|ness)?"
)
_EN_AFFIXAL_EXCEPT = frozenset({"nonetheless", "nonsense", "regardless", "nevertheless", "uncle", "uncles"})


@dataclass(frozen=True)
class Cue:
    """A negation found in a text; ``lexical`` ones are optional when comparing sides."""

    text: str
    lexical: bool = False


def negation_cues(text: str, lang: str) -> list[Cue]:
    """The negation cues in ``text`` in reading order."""
    return _zh_cues(text) if lang == "zh" else _en_cues(text)


def _en_cues(text: str) -> list[Cue]:
    tokens = en_tokens(text)
    hard, lexical = load_words("negation_en"), load_words("negation_en_lexical")
    matches = scan(tokens, cues=hard | lexical, traps=load_words("negation_en_traps"), sep=" ")
    hits = [(m.start, Cue(m.entry, m.entry in lexical)) for m in matches]
    covered = {i for m in matches for i in range(m.start, m.start + m.length)}
    for i, token in enumerate(tokens):
        if i in covered:
            continue
        if token.endswith("n't"):
            hits.append((i, Cue(token)))
        elif _EN_AFFIXAL.fullmatch(token) and token not in _EN_AFFIXAL_EXCEPT:
            hits.append((i, Cue(token, lexical=True)))
    return [cue for _, cue in sorted(hits, key=lambda hit: hit[0])]


def _zh_cues(text: str) -> list[Cue]:
    hard, lexical = load_words("negation_zh"), load_words("negation_zh_lexical")
    matches = scan(list(text), cues=hard | lexical, traps=load_words("negation_zh_traps"), sep="")
    return [
        Cue(_zh_display(text, m), lexical=m.entry in lexical)
        for m in matches
        if not _is_a_not_a(text, m)
    ]


def _is_a_not_a(text: str, m: Match) -> bool:
    """有没有, 是不是, 能不能: the same character on both sides of 不/没 asks, not negates."""
    before = text[m.start - 1] if m.start else ""
    after = text[m.start + 1] if m.start + 1 < len(text) else ""
    return m.entry[0] in _A_NOT_A and bool(before) and before == after


def _zh_display(text: str, m: Match) -> str:
    """A one-character cue reads better with the word it negates: 不 + 认为 → 不认为."""
    if m.length > 1:
        return m.entry
    tail = text[m.start + 1 : m.start + 1 + _ZH_CONTEXT]
    return m.entry + "".join(ch for ch in _take_han(tail))


def _take_han(tail: str) -> str:
    match = re.match(r"[\u4e00-\u9fff]*", tail)
    return match.group(0) if match else ""


def polarity_differs(src: list[Cue], tgt: list[Cue]) -> bool:
    """True when the sides disagree both on syntactic negations and on all negations.

    Counting only hard cues misses "not unprecedented" for 前所未有; counting all cues
    flags 无望 against "no hope"-less renderings. A real flip changes both counts.
    """
    src_hard = sum(not c.lexical for c in src)
    tgt_hard = sum(not c.lexical for c in tgt)
    return src_hard != tgt_hard and len(src) != len(tgt)


@register("negation")
def detect_negation(ctx: DetectionContext) -> list[Flag]:
    """Flag beads (both sides non-empty) whose negation counts disagree; critical."""
    flags = []
    for index, bead in ctx.paired():
        src_cues = negation_cues(ctx.src_text(bead), ctx.src_lang)
        tgt_cues = negation_cues(ctx.tgt_text(bead), ctx.tgt_lang)
        if polarity_differs(src_cues, tgt_cues):
            evidence = f"src: {_names(src_cues)} | tgt: {_names(tgt_cues)}"
            flags.append(Flag("negation", CRITICAL, evidence, index))
    return flags


def _names(cues: list[Cue]) -> str:
    return ", ".join(c.text for c in cues) or "(none)"
