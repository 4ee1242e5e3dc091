"""Negation: a negation present on one side of a bead and not on the other.

Cues come from editable lists in ``evaltool/data``: ``negation_{zh,en}.txt`` hold
syntactic negation (不, 没有, not, n't), ``negation_{zh,en}_lexical.txt`` words that
negate by meaning or prefix (无望, 拒绝, hopeless, refused), ``negation_en_affixal.txt``
English in-/dis- words (impossible, dishonest), and ``*_traps.txt`` words that contain a
cue but do not negate (非常, 不断, 无论, "no doubt", "not only"). English un-/non-/-less
words are affixal by rule, so the lists need not name them all; reversive un- verbs
(uninstall, undo, unlock, unsubscribe), which undo an action, are not negations.

Lexical negation is optional: translators render "hopeless" as 无望 or 绝望, so a
lexical cue may pair with a negation on the other side but is not required to. A bead
is flagged when its two sides differ both in syntactic negations and in all negations
(syntactic + lexical): "我不认为形势无望" (1 + 1) and "I don't consider the situation
hopeless" (1 + 1) agree; an added "not" with nothing on the Chinese side does not.
Some English constructions make a syntactic cue optional too: "not … until" (才),
"never … before" (第一次), a negated verb of stopping ("never stopped", 不断) and
litotes or degree ("not bad", "not very", like 不错 and 不太). An English affixal negation (unprepared, impossible) against a Chinese side without any
negative character is the one lexical cue that is flagged alone (minor): Chinese renders
those with 不/未/无/非 + the base word, so a plain 准确 for "inaccurate" is a flip.
Scope rules for what is no negation or only an optional one: tag questions (", isn't it?",
"，不是吗？"), an elliptic "not" (but not, if not: weak), "not … until" and "not more/fewer than"
only when the Chinese side renders the limit or bound (才, 之后, 最多, 至少; else a strong cue:
"Do not delete it until…" against 之前请删除 is a flip), 没 after a duration ("since") and
还没…已经 ("before"), and a syntactic cue inside a longer CC-CEDICT word whose gloss has no
negation (不得不 "have to", 隐没 "to vanish"): the word asserts. 未 as a word of its own before a
verb (未发货) is strong. Protected spans (URLs, handles, code, IDs: ``protected``) are read as blanks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..core import HAN_CLASS
from ..records import Flag
from .base import CRITICAL, MAJOR, MINOR, DetectionContext
from .lexicon import Match, en_tokens, load_words, scan
from .protected import mask_protected
from .registry import detector
from .dictionaries import first_gloss, in_dictionary, segment

# Chinese characters that form A-not-A questions (有没有, 是不是): not negations.
_A_NOT_A = frozenset("不没")
# Han characters of context shown after a one-character Chinese cue in the evidence.
_ZH_CONTEXT = 2
# English affixal negation by rule (unusual, non-violent, homeless), minus look-alikes.
_EN_AFFIXAL = re.compile(
    r"un(?!i(?![nm])|der|til|less)[a-z]{4,}|non-?[a-z]{3,}|[a-z]{3,}less(?:ly|ness)?"
)
# Reversive un- verbs (unveil, unlock, uninstall, undo): they undo an action and do not negate.
# A stem is written without a final e (unmut → unmute, unmuted, unmuting); a consonant may
# double before -ed/-ing (unpinned, unzipping). Irregular forms are listed whole.
_EN_REVERSIVE = re.compile(
    r"un(?:veil|lock|leash|fold|cover|load|block|freez|wind|pack|ravel|plug|tie|earth|seat|mask"
    r"|wrap|roll|screw|dress|button|chain|hook|burden"
    r"|do|install|subscrib|mut|pin|follow|friend|select|check|archiv|link|zip|box|regist(?:er|r)"
    r"|assign|set|shar|bind|mount|paus|hid|star|sync|delet|favorit|bookmark|stag|quot|escap|tag"
    r"|mark|flag|ban|publish|clip|clog|bolt|buckl|latch|fasten|furl|seal|cork|tangl|shackl|map|merg)"
    r"(?:e|e?s|e?d|ing|[bdglmnprtz](?:ed|ing))?"
    r"|un(?:did|done|froze|frozen|wound|hidden)"
)
# Participles that also read as "not X-ed" adjectives (left undone, unchecked growth,
# unregistered users, an unset value): reversive only right after be, been or have
# ("can be undone", "has been unchecked", "has unset"), a negation elsewhere.
_EN_REVERSIVE_ADJECTIVAL = frozenset(
    {"undone", "unchecked", "unregistered", "unassigned", "unselected", "unset", "unshared", "unlinked",
     "unmarked", "unflagged", "untagged", "unpublished", "unsealed", "unhidden", "unbound", "unfrozen", "unmapped",
     "unmerged", "unsynced", "unstaged", "unstarred"}
)
_EN_PASSIVE_OR_PERFECT = frozenset({"be", "been", "being", "have", "has", "had", "having"})
# English syntactic cues that negate a predicate or an argument (not "without", "hardly").
_EN_STRONG = frozenset({"not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "nowhere", "cannot"})
# Characters after 不 that make it a predicate negation: modals, copula, cognition verbs.
_ZH_STRONG_AFTER_BU = frozenset("是会能要应该愿想敢肯必用需得知认让准许可再在曾")
# After a form of "be" + n't, words that make it "not only" (不仅), as the trap list's "not only",
# "not just" do; after a modal it stays a negation ("can't just be forgotten" 不能就这么被落下).
_EN_ONLY = frozenset({"only", "just", "merely", "simply"})
_EN_BE_NOT = frozenset({"isn't", "aren't", "wasn't", "weren't", "ain't"})
# English cues whose repeats are emphasis ("never -- never ever"), not a second negation.
_EN_REPEATABLE = frozenset({"never", "no", "nothing", "none"})
# "No. 1", "Nos. 3-4": an abbreviation of "number", not a negation.
_EN_NUMBER_ABBREV = re.compile(r"\bNos?\.\s*(?=\d)")
_EN_AFFIXAL_EXCEPT = frozenset(
    {"nonetheless", "nonsense", "regardless", "nevertheless", "uncle", "uncles", "unanimous", "unanimously", "unesco"}
)
# Verbs of stopping and avoiding: under a negation ("never stopped", "hasn't ceased", "never
# quit", "can't avoid") they make a double negation that means "kept on" (不断, 一直) or "must"
# (必须), so the pair counts as one optional cue.
_EN_CESSATION = frozenset(
    {"stop", "stops", "stopped", "stopping", "cease", "ceases", "ceased", "ceasing"}
    | {"halt", "halts", "halted", "halting", "quit", "quits", "quitting"}
    | {"avoid", "avoids", "avoided", "avoiding"}
)
# Words after a verbal negation in the same clause that make it a time limit, not a denial:
# "not … until" is 才 or 直到…才, "never … before" is 第一次; the cue becomes optional.
# Each maps to the only cue it limits ("" for any verbal negation).
_EN_LIMITED_BY = {"until": "", "till": "", "before": "never"}
_EN_VERBAL = re.compile(r"not|never|cannot|[a-z]+n't")
# Clause ends for the rules above: sentence punctuation before a space, dashes.
_EN_CLAUSE = re.compile(r"[.;:!?](?:\s|$)|[—–]")
# Chinese characters that carry negation, in cues, in the idioms the trap list keeps (无数
# countless, 不断 unceasing) and in 违 "against" (违法 illegal, 违宪 unconstitutional).
_ZH_NEGATIVE = re.compile("[不没未无非否毋勿违]")


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
    # An English negative prefix or suffix (unprepared, impossible, careless).
    affixal: bool = False


def negation_cues(text: str, lang: str) -> list[Cue]:
    """The negation cues in ``text`` in reading order."""
    return _zh_cues(text) if lang == "zh" else _en_cues(text)


# A tag question (", isn't it?", ", don't you?") asks for agreement and negates nothing;
# Chinese renders it 对吧 or 是吗.
_EN_TAG = re.compile(
    r"[,，]\s*(?:(?:is|are|was|were|do|does|did|have|has|had|would|could|should|must)n['’]t|won['’]t|can['’]t|ain['’]t)"
    r"\s+(?:it|he|she|they|we|you|i|there|that|this)\s*(?=[?？])",
    re.IGNORECASE,
)
# Words before an elliptic "not" that stands for a clause ("but not other cats", "if not",
# "maybe not"): a weak cue, which paraphrase often renders without a negation (不同, 否则).
_EN_ELLIPSIS_BEFORE = frozenset({"but", "if", "maybe", "perhaps", "probably", "hopefully", "why", "certainly"})


def _en_cues(text: str) -> list[Cue]:
    cues: list[tuple[int, Cue]] = []
    text = _EN_TAG.sub(lambda m: " " * len(m.group()), text)
    for clause in _EN_CLAUSE.split(_EN_NUMBER_ABBREV.sub(" ", text)):
        tokens = en_tokens(clause)
        cues += _limited(_double_negations(_en_hits(tokens), tokens), tokens)
    return [cue for _, cue in cues]


def _en_hits(tokens: list[str]) -> list[tuple[int, Cue]]:
    """Cues of one clause with their token positions, in reading order."""
    hard, lexical = load_words("negation_en"), load_words("negation_en_lexical")
    affixal, traps = load_words("negation_en_affixal"), load_words("negation_en_traps")
    # Traps are scanned as entries too so that their span also hides n't and un- words
    # ("can't wait", "can't help" are not negations).
    found = scan(tokens, cues=hard | lexical | affixal | traps, traps=frozenset(), sep=" ")
    hits = [(m.start, _en_cue(m.entry, lexical, affixal, tokens[m.start - 1] if m.start else ""))
            for m in found if m.entry not in traps]
    covered = {i for m in found for i in range(m.start, m.start + m.length)}
    for i, token in enumerate(tokens):
        if i in covered:
            continue
        if token.endswith("n't"):
            if token in _EN_BE_NOT and tokens[i + 1 : i + 2] and tokens[i + 1] in _EN_ONLY:
                continue  # "aren't just", "isn't only": the trap "not just" / "not only" (不仅)
            hits.append((i, Cue(token, strong=True)))
        elif _is_affixal(token, tokens[i - 1] if i else ""):
            hits.append((i, Cue(token, lexical=True, affixal=True)))
        elif token == "too" and tokens[i + 2 : i + 3] == ["to"]:
            hits.append((i, Cue(f"too {tokens[i + 1]} to", lexical=True)))  # too urgent to wait
    return sorted(hits, key=lambda hit: hit[0])


def _is_affixal(token: str, previous: str = "") -> bool:
    """An un-/non-/-less negation by rule; ``previous`` (the token before) tells a reversive
    participle ("can be undone") from an adjective ("left undone")."""
    if not _EN_AFFIXAL.fullmatch(token) or token in _EN_AFFIXAL_EXCEPT:
        return False
    if token in _EN_REVERSIVE_ADJECTIVAL:
        return previous not in _EN_PASSIVE_OR_PERFECT
    return not _EN_REVERSIVE.fullmatch(token)


def _en_cue(entry: str, lexical: frozenset[str], affixal: frozenset[str], previous: str = "") -> Cue:
    optional = entry in lexical or entry in affixal
    elliptic = entry == "not" and previous in _EN_ELLIPSIS_BEFORE
    return Cue(entry, optional, strong=not optional and not elliptic and entry in _EN_STRONG, affixal=entry in affixal)


def _double_negations(hits: list[tuple[int, Cue]], tokens: list[str]) -> list[tuple[int, Cue]]:
    """A strong cue with a verb of stopping up to two words on ("never stopped") → one optional cue."""
    out: list[tuple[int, Cue]] = []
    merged: set[int] = set()
    for i, cue in hits:
        stop = _cessation_after(i, tokens) if cue.strong else None
        if stop is not None:
            cue = Cue(f"{cue.text} {tokens[stop]}", lexical=True)
            merged.add(stop)
        if i not in merged:
            out.append((i, cue))
    return out


def _cessation_after(i: int, tokens: list[str]) -> int | None:
    return next((j for j in range(i + 1, min(i + 4, len(tokens))) if tokens[j] in _EN_CESSATION), None)


def _limited(hits: list[tuple[int, Cue]], tokens: list[str]) -> list[tuple[int, Cue]]:
    """A verbal negation with "until" later in its clause ("not … until") → optional."""
    out = []
    for i, cue in hits:
        limit = _limit_word(cue, tokens[i + 1 :])
        out.append((i, Cue(f"{cue.text} … {limit}", lexical=True) if limit else cue))
    return out


def _limit_word(cue: Cue, rest: list[str]) -> str | None:
    if not _EN_VERBAL.fullmatch(cue.text):
        return None
    return next((t for t in rest if _EN_LIMITED_BY.get(t) in ("", cue.text)), None)


# A Chinese tag question ("，不是吗？" isn't it?) asks for agreement.
_ZH_TAG = re.compile(r"[，,]\s*不(?:是|对)吗(?=[？?])")
# A duration right before 没 ("好几年没见他" it has been years since I saw him) or 还没 with
# 已经/就 in a later clause ("还没走进大院，歌声已经传了出来" before he walked in…): English
# renders these with "since" and "before", without a negation.
_ZH_DURATION_BEFORE = re.compile(
    r"(?:(?:好|这么|那么)?(?:几|[\d一二两三四五六七八九十百]+)多?个?(?:年|月|天|周|星期|小时|分钟)多?"
    r"|(?:很|好|许|这么|那么)久|一阵子|半天|一段时间)(?:了|来|都|也|还)?$"
)
_ZH_BEFORE_THEN = re.compile(r"[，,][^。！？]*(?:已经|就|便)")


def _zh_cues(text: str) -> list[Cue]:
    hard, lexical = load_words("negation_zh"), load_words("negation_zh_lexical")
    text = _ZH_TAG.sub(lambda m: " " * len(m.group()), text)
    traps = load_words("negation_zh_traps")
    matches = scan(list(text), cues=hard | lexical | traps, traps=frozenset(), sep="")
    cues = []
    for m in matches:
        if m.entry in traps and _split_by_words(text, m):
            m = _cue_at(text, m.start, hard | lexical) or m
        if m.entry in traps:
            word = _negative_word_around(text, m, traps)
            if word:
                cues.append(Cue(word, lexical=True, key=word))
            continue
        if _is_a_not_a(text, m) or (m.entry in hard and _asserting_word(text, m, hard | lexical)):
            continue
        by_meaning = m.entry in lexical or _in_idiom(text, m) or _since_or_before(text, m)
        cues.append(Cue(
            _zh_display(text, m),
            lexical=by_meaning,
            strong=not by_meaning and _zh_strong(text, m),
            key=m.entry + _take_han(text[m.start + m.length : m.start + m.length + _ZH_CONTEXT]),
            coordinated=m.start > 0 and text[m.start - 1] in "也又亦",
        ))
    return cues


def _in_idiom(text: str, m: Match) -> bool:
    """The cue stands inside a four-character dictionary idiom (青黄不接 "a lean gap", 按兵不动 "hold
    back", 一无所知): such an idiom negates by meaning, as a lexical cue does, and English renders
    it with or without a negation."""
    first = max(m.start + m.length - 4, 0)
    return any(in_dictionary(text[i : i + 4]) for i in range(first, m.start + 1) if i + 4 <= len(text))


def _asserting_word(text: str, m: Match, cues: frozenset[str]) -> bool:
    """The cue is inside a longer dictionary word that asserts: jieba's word around it is a
    CC-CEDICT entry whose gloss has no English negation (不得不 "have no choice but to", 不由得
    "can't help", 不免 "inevitably", 隐没 "to vanish"). Only for syntactic cues (the lexical
    list names its words on purpose); cue words themselves (没有, 不是) and two-character
    words that start with the cue (不会 "improbable") keep the cue."""
    word, start = _word_at(text, m.start)
    if word in cues or len(word) < 2 or (start == m.start and len(word) < 3) or not in_dictionary(word):
        return False
    return not _en_cues(first_gloss(word))


def _split_by_words(text: str, m: Match) -> bool:
    """A trap that is a dictionary word, whose last character jieba joins to the next word:
    没收拾 is 没 + 收拾 ("not packed"), not the trap 没收 ("confiscate"). Traps that are set
    phrases rather than words (永不停) stay traps."""
    if not in_dictionary(m.entry):
        return False
    word, start = _word_at(text, m.start + m.length - 1)
    return start > m.start and start + len(word) > m.start + m.length


def _cue_at(text: str, position: int, cues: frozenset[str]) -> Match | None:
    """The longest cue that starts at ``position``, or None."""
    longest = min(len(text) - position, max(map(len, cues)))
    size = next((n for n in range(longest, 0, -1) if text[position : position + n] in cues), 0)
    return Match(text[position : position + size], position, size) if size else None


def _negative_word_around(text: str, m: Match, traps: frozenset[str]) -> str | None:
    """The longer CC-CEDICT word around a trap whose gloss negates (拗不过 "can't persuade" around
    the trap 不过 "but"): a lexical cue, or None."""
    word, start = _word_at(text, m.start)
    if len(word) <= m.length or start + len(word) < m.start + m.length or word in traps or not in_dictionary(word):
        return None
    return word if _en_cues(first_gloss(word)) else None


def _word_at(text: str, position: int) -> tuple[str, int]:
    """The jieba word of ``text`` that holds ``position``, and where it starts."""
    start = 0
    for word in _segmented(text):
        if start + len(word) > position:
            return word, start
        start += len(word)
    return "", position


@lru_cache(maxsize=4096)
def _segmented(text: str) -> tuple[str, ...]:
    return tuple(segment(text))


def _since_or_before(text: str, m: Match) -> bool:
    """没 after a duration (好几年没见) or 还没 … ，已经/就 (before): optional, as in English."""
    if m.entry not in ("没", "没有"):
        return False
    before = text[: m.start]
    return bool(_ZH_DURATION_BEFORE.search(before.rstrip("已经还"))) or (
        before.endswith("还") and bool(_ZH_BEFORE_THEN.search(text[m.start :]))
    )


def _zh_strong(text: str, m: Match) -> bool:
    """不 before a modal or a verb of saying/knowing (不会, 不是, 不知道), 没/没有, and the
    multi-character cues (从未, 并非, 无法) negate a predicate; bare 不/未 before anything
    else is often part of an adjective or idiom (不稳, 未嫁) and is not strong. (Lexical cues
    are never strong; the caller checks.)"""
    after = text[m.start + m.length : m.start + m.length + 1]
    if m.entry == "不":
        return after in _ZH_STRONG_AFTER_BU
    if m.entry in ("没", "没有"):
        return after not in ("了", "")
    if m.entry == "未":  # 未 as a word of its own negates a verb (未发货 not yet shipped; not 未来, 未知)
        return _word_at(text, m.start)[0] == "未" and bool(_take_han(after))
    return True


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
    match = re.match(f"[{HAN_CLASS}]*", tail)
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
    weak one (without, 不 before an adjective), which paraphrase often explains. Sides that
    agree before collapsing agree too: "no envelopes … and no envelopes" against 没有 ×2.
    """
    if _agree(src, tgt):
        return None
    src, tgt = collapse(src, src_lang), collapse(tgt, tgt_lang)
    if _agree(src, tgt):
        return None
    if (not src and any(c.strong for c in tgt)) or (not tgt and any(c.strong for c in src)):
        return CRITICAL
    return MAJOR


def _agree(src: list[Cue], tgt: list[Cue]) -> bool:
    """Same number of syntactic negations, or of negations of any kind."""
    return sum(not c.lexical for c in src) == sum(not c.lexical for c in tgt) or len(src) == len(tgt)


def _affix_unrendered(sides: list[tuple[str, str, list[Cue]]]) -> bool:
    """True when, of an English and a Chinese side given as (lang, text, cues), the English has
    an affixal negation and the Chinese no cue and no negative character at all."""
    en = [cues for lang, _, cues in sides if lang == "en"]
    zh = [(text, cues) for lang, text, cues in sides if lang == "zh"]
    if len(en) != 1 or len(zh) != 1:
        return False
    zh_text, zh_cues = zh[0]
    return any(c.affixal for c in en[0]) and not zh_cues and not _ZH_NEGATIVE.search(zh_text)


_NOT_ONLY = {
    "en": re.compile(r"(?i)(?:\bnot|n't)\s+(?:only|just|merely|simply)\b"),
    "zh": re.compile(r"不(?:仅|只|光|单)"),
}


def _not_only(text: str, lang: str) -> bool:
    """Whether the text holds a "not only"/"not just" (不仅) form: a trap, not a negation, but a
    negation may be kept inside it ("这并非巧合" → "not just a fluke"), so a side without cues that
    has one makes a dropped negation major, not critical."""
    pattern = _NOT_ONLY.get(lang)
    return bool(pattern and pattern.search(text))


@detector(name="negation", audit=True, column=3, mqm="Accuracy/Mistranslation", per_bead=True)
def detect_negation(ctx: DetectionContext) -> list[Flag]:
    """Flag beads (both sides non-empty) whose negations disagree; critical or major, and
    minor for an English affixal negation the Chinese side does not render."""
    flags = []
    for index, bead in ctx.translated():
        src_text, tgt_text = mask_protected(ctx.src_text(bead)), mask_protected(ctx.tgt_text(bead))
        src_cues, tgt_cues = negation_cues(src_text, ctx.src_lang), negation_cues(tgt_text, ctx.tgt_lang)
        src_cues = _limit_rendered(src_cues, tgt_text, ctx.tgt_lang)
        tgt_cues = _limit_rendered(tgt_cues, src_text, ctx.src_lang)
        severity = polarity_severity(src_cues, tgt_cues, src_lang=ctx.src_lang, tgt_lang=ctx.tgt_lang)
        sides = [(ctx.src_lang, src_text, src_cues), (ctx.tgt_lang, tgt_text, tgt_cues)]
        if severity == CRITICAL and any(not cues and _not_only(text, lang) for lang, text, cues in sides):
            severity = MAJOR
        if severity is None and _affix_unrendered(sides):
            severity = MINOR
        if severity is not None:
            evidence = f"src: {_names(src_cues)} | tgt: {_names(tgt_cues)}"
            flags.append(Flag("negation", severity, evidence, index))
    return flags


# How Chinese renders, without a negation, the English cues that are optional only so: the
# limit of "not … until" (才, 直到, (以/之)后, 再, 为止) and a bound ("not more than" 最多,
# "not less than" 至少).
_ZH_UPPER_BOUND = re.compile("最多|至多|不超过|以内|以下|不多于|不高于|上限|不到")
_ZH_LOWER_BOUND = re.compile("至少|最少|起码|不少于|不低于|以上|下限")
_ZH_RENDERED = {"until": re.compile("[才后再]|直到|为止"), "more than": _ZH_UPPER_BOUND, "less than": _ZH_LOWER_BOUND,
                "fewer than": _ZH_LOWER_BOUND}


def _limit_rendered(cues: list[Cue], other: str, other_lang: str) -> list[Cue]:
    """A "not … until" or "not more/less than" is optional only when the Chinese side renders
    its limit or bound (才, 之后, 最多, 至少): "Do not delete it until the backup has finished"
    against 备份完成之前请删除 ("delete it before") lost its negation, and "not more than 2,300"
    against 超过2300 flipped a bound, so these are strong cues again."""
    if other_lang != "zh":
        return cues
    return [Cue(c.text.split(" … ")[0], strong=True) if _unrendered(c.text, other) else c for c in cues]


def _unrendered(cue: str, other: str) -> bool:
    """True for an optional limit or bound cue whose Chinese rendering is not in ``other``."""
    if " … " in cue:  # "not … until", "n't … till"
        rendering = _ZH_RENDERED["until"] if cue.split(" … ")[-1] in ("until", "till") else None
    else:
        rendering = _ZH_RENDERED.get(cue.removeprefix("not ")) if cue.startswith("not ") else None
    return rendering is not None and not rendering.search(other)


def _names(cues: list[Cue]) -> str:
    return ", ".join(c.text for c in cues) or "(none)"
