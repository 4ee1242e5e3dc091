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
from .base import CRITICAL, MAJOR, DetectionContext
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
# English syntactic cues that negate a predicate or an argument (not "without", "hardly").
_EN_STRONG = frozenset({"not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "nowhere", "cannot"})
# Characters after 不 that make it a predicate negation: modals, copula, cognition verbs.
_ZH_STRONG_AFTER_BU = frozenset("是会能要应该愿想敢肯必用需得知认让准许可再在曾")
# English cues whose repeats are emphasis ("never -- never ever"), not a second negation.
_EN_REPEATABLE = frozenset({"never", "no", "nothing", "none"})
# "No. 1", "Nos. 3-4": an abbreviation of "number", not a negation.
_EN_NUMBER_ABBREV = re.compile(r"\bNos?\.\s*(?=\d)")
_EN_AFFIXAL_EXCEPT = frozenset({"nonetheless", "nonsense", "regardless", "nevertheless", "uncle", "uncles"})


@dataclass(frozen=True)
class Cue:
    """A negation found in a text; ``lexical`` ones are optional when comparing sides."""

    text: str
    lexical: bool = False
    # A syntactic negation of a clause's predicate (not, never, 不会, 没有), as opposed to
    # one inside a fixed phrase or in front of an adjective (without, 不X); only strong
    # cues make a one-sided negation critical.
    strong: bool = False
    # What identifies a repeat: the cue with the words after it (不会改变 ×3 is one
    # negation, 没有取得 and 没有认识 are two); ``coordinated`` when 也/又/亦 comes first.
    key: str = ""
    coordinated: bool = False


def negation_cues(text: str, lang: str) -> list[Cue]:
    """The negation cues in ``text`` in reading order."""
    return _zh_cues(text) if lang == "zh" else _en_cues(text)


def _en_cues(text: str) -> list[Cue]:
    tokens = en_tokens(_EN_NUMBER_ABBREV.sub(" ", text))
    hard, lexical = load_words("negation_en"), load_words("negation_en_lexical")
    traps = load_words("negation_en_traps")
    # Traps are scanned as entries too so that their span also hides n't and un- words
    # ("can't wait", "can't help" are not negations).
    found = scan(tokens, cues=hard | lexical | traps, traps=frozenset(), sep=" ")
    matches = [m for m in found if m.entry not in traps]
    hits = [(m.start, _en_cue(m.entry, m.entry in lexical)) for m in matches]
    covered = {i for m in found for i in range(m.start, m.start + m.length)}
    for i, token in enumerate(tokens):
        if i in covered:
            continue
        if token.endswith("n't"):
            hits.append((i, Cue(token, strong=True)))
        elif _EN_AFFIXAL.fullmatch(token) and token not in _EN_AFFIXAL_EXCEPT:
            hits.append((i, Cue(token, lexical=True)))
    return [cue for _, cue in sorted(hits, key=lambda hit: hit[0])]


def _en_cue(entry: str, lexical: bool) -> Cue:
    return Cue(entry, lexical, strong=not lexical and entry in _EN_STRONG)


def _zh_cues(text: str) -> list[Cue]:
    hard, lexical = load_words("negation_zh"), load_words("negation_zh_lexical")
    matches = scan(list(text), cues=hard | lexical, traps=load_words("negation_zh_traps"), sep="")
    return [
        Cue(
            _zh_display(text, m),
            lexical=m.entry in lexical,
            strong=_zh_strong(text, m, lexical),
            key=m.entry + _take_han(text[m.start + m.length : m.start + m.length + _ZH_CONTEXT]),
            coordinated=m.start > 0 and text[m.start - 1] in "也又亦",
        )
        for m in matches
        if not _is_a_not_a(text, m)
    ]


def _zh_strong(text: str, m: Match, lexical: frozenset[str]) -> bool:
    """不 before a modal or a verb of saying/knowing (不会, 不是, 不知道), 没/没有, and the
    multi-character cues (从未, 并非, 无法) negate a predicate; bare 不/未 before anything
    else is often part of an adjective or idiom (不稳, 未嫁) and is not strong."""
    if m.entry in lexical:
        return False
    after = text[m.start + m.length : m.start + m.length + 1]
    if m.entry == "不":
        return after in _ZH_STRONG_AFTER_BU
    if m.entry in ("没", "没有"):
        return after not in ("了", "")
    return m.entry != "未"


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


def collapse(cues: list[Cue], lang: str) -> list[Cue]:
    """One cue per distinct negation: emphatic repeats and coordinations count once.

    "never -- never ever" is one emphatic negation, "neither … nor" one correlative,
    没有进行谈判，也没有达成 one negated coordination and 不会改变 ×3 one repeated
    statement; the other side commonly renders each with a single negation. Two different
    negated predicates (没有取得进展 … 没有认识到) and repeated English "not" stay two.
    """
    kept: list[Cue] = []
    texts = {c.text for c in cues}
    for cue in cues:
        earlier = [k for k in kept if k.lexical == cue.lexical]
        if lang == "zh":
            repeat = any(k.key == cue.key for k in earlier) or (
                cue.coordinated and any(k.text[:1] == cue.text[:1] for k in earlier)
            )
        else:
            repeat = cue.text in _EN_REPEATABLE and any(k.text == cue.text for k in earlier)
        if repeat or (cue.text == "nor" and "neither" in texts):
            continue
        kept.append(cue)
    return kept


def polarity_severity(src: list[Cue], tgt: list[Cue], *, src_lang: str, tgt_lang: str) -> str | None:
    """None when the sides agree; else the severity of the disagreement.

    The sides disagree when, after collapsing repeats, they differ both in syntactic
    negations and in all negations (syntactic + lexical): counting only hard cues misses
    "not unprecedented" for 前所未有, counting all cues flags 无望 against renderings
    without a negation. Critical when one side has no negation of any kind and the other
    a strong syntactic one (the DEMETR-style added or dropped "not"); major otherwise:
    both sides negate something and only the number differs, or the lone negation is a
    weak one (without, 不 before an adjective), which paraphrase often explains.
    """
    src, tgt = collapse(src, src_lang), collapse(tgt, tgt_lang)
    src_hard = sum(not c.lexical for c in src)
    tgt_hard = sum(not c.lexical for c in tgt)
    if src_hard == tgt_hard or len(src) == len(tgt):
        return None
    if (not src and any(c.strong for c in tgt)) or (not tgt and any(c.strong for c in src)):
        return CRITICAL
    return MAJOR


@register("negation")
def detect_negation(ctx: DetectionContext) -> list[Flag]:
    """Flag beads (both sides non-empty) whose negations disagree; critical or major."""
    flags = []
    for index, bead in ctx.paired():
        src_cues = negation_cues(ctx.src_text(bead), ctx.src_lang)
        tgt_cues = negation_cues(ctx.tgt_text(bead), ctx.tgt_lang)
        severity = polarity_severity(src_cues, tgt_cues, src_lang=ctx.src_lang, tgt_lang=ctx.tgt_lang)
        if severity is not None:
            evidence = f"src: {_names(src_cues)} | tgt: {_names(tgt_cues)}"
            flags.append(Flag("negation", severity, evidence, index))
    return flags


def _names(cues: list[Cue]) -> str:
    return ", ".join(c.text for c in cues) or "(none)"
