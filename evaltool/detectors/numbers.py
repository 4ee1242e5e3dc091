"""Numbers: a quantity on one side of a bead with no equal on the other.

Both sides are read into values (10万 → 100000, 1.4万 → 14000, 百分之五十 → 50,
三十年 → 30; "100,000", "4.176 million", "fourteen thousand", "three decades" → 30) and
compared as multisets; ``numbers_zh`` and ``numbers_en`` read them, ``numbers_base``
holds the ``Number`` record.

Two times of day are equal when some readings agree modulo 24 (16时 = "1600 hours" =
"4 p.m."; 24时 = "midnight"). Against a plain number a time is compared by its figures.
A wrong hour is major, never a scale slip.

Some numbers are *soft*: they may go unmatched without a flag because translators
drop or rephrase them (一个 → "a", 两国 → "both countries", "first", "February"
without a date). A soft number still conflicts with an unmatched number on the other
side. Severity is major; critical when the values differ by a power of ten (10万 read
as 10,000), the classic scale slip that changes the magnitude of a claim.
"""

from __future__ import annotations

import math

from ..records import Flag
from .base import CRITICAL, MAJOR, DetectionContext
from .numbers_base import Number
from .numbers_en import en_numbers
from .numbers_zh import zh_numbers
from .protected import mask_protected
from .registry import detector


def numbers_in(text: str, lang: str) -> list[Number]:
    """All numbers of a text in the given language."""
    return zh_numbers(text) if lang == "zh" else en_numbers(text)


def same(a: Number, b: Number) -> bool:
    """Equal readings, or one is a round figure of the other (4,178,027 ≈ 417.6万); two
    times of day by their times only, modulo 24 (24时 is midnight)."""
    if a.times and b.times:
        return any(math.isclose(x % 24, y % 24, abs_tol=1e-6) for x in a.times for y in b.times)
    return any(_close(x, y) for x in a.readings() for y in b.readings())


def _close(x: float, y: float) -> bool:
    if math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9):
        return True
    rounded, exact = (x, y) if _trailing_zeros(x) >= _trailing_zeros(y) else (y, x)
    return rounded >= 1000 and _trailing_zeros(rounded) >= 2 and abs(rounded - exact) <= 0.01 * rounded


def _trailing_zeros(x: float) -> int:
    if x != int(x) or x == 0:
        return 0
    digits = str(int(x))
    return len(digits) - len(digits.rstrip("0"))


def unmatched(src: list[Number], tgt: list[Number]) -> tuple[list[Number], list[Number]]:
    """Greedy one-to-one matching; the numbers of each side left without a partner.

    Not reported: a repeat of a value that did match (a translation may say a figure
    once where the source says it twice), and soft ones and fractions (一个 = "a").
    """
    free = list(range(len(tgt)))
    src_left = []
    for number in src:
        partner = next((j for j in free if same(number, tgt[j])), None)
        if partner is None:
            src_left.append(number)
        else:
            free.remove(partner)
    tgt_left = [tgt[j] for j in free]
    src_left, tgt_left = _match_parts(src_left, tgt_left)
    tgt_left, src_left = _match_parts(tgt_left, src_left)
    return _reportable(src_left, src), _reportable(tgt_left, tgt)


def _match_parts(left: list[Number], other: list[Number]) -> tuple[list[Number], list[Number]]:
    """A left-over number written in parts (21:25) matches left-over numbers of the other
    side that give each part (21, 25: the score of a set, not a time)."""
    for number in [n for n in left if n.parts]:
        free, partners = list(other), []
        for part in number.parts:
            partner = next((o for o in free if same(Number("", part), o)), None)
            if partner is None:
                break
            free.remove(partner)
            partners.append(partner)
        else:
            left = [n for n in left if n is not number]
            other = free
    return left, other


def _reportable(left: list[Number], side: list[Number]) -> list[Number]:
    matched = [n for n in side if not any(n is m for m in left)]
    return [
        n
        for n in left
        if not any(same(n, m) for m in matched) and not (n.soft and n.value <= 1)
    ]


def conflict(src_left: list[Number], tgt_left: list[Number]) -> bool:
    """A hard number left on either side, or soft ones of one kind left on both sides."""
    if any(not n.soft for n in src_left + tgt_left):
        return True
    return bool({n.ordinal for n in src_left} & {n.ordinal for n in tgt_left})


def _severity(src_left: list[Number], tgt_left: list[Number]) -> str:
    """Critical when some left-over pair differs by a power of ten (10万 vs 10,000), unless
    both are times of day (16时 against "1700 hours" is a wrong hour, major)."""
    for a in src_left:
        for b in tgt_left:
            if a.value > 0 and b.value > 0 and not (a.times and b.times):  # a wrong hour is no scale slip
                ratio = math.log10(max(a.value, b.value) / min(a.value, b.value))
                if ratio >= 1 and math.isclose(ratio, round(ratio), abs_tol=1e-9):
                    return CRITICAL
    return MAJOR


def _show(numbers: list[Number]) -> str:
    """Each number as written, with its value in parentheses where that reads differently (10万 (100000))."""
    return ", ".join(_shown(n) for n in numbers) or "(none)"


def _shown(number: Number) -> str:
    if number.times:  # 1600 hours (16:00), 3点 (3:00/15:00)
        return f"{number.text} ({'/'.join(_clock_face(t) for t in number.times)})"
    value = _fmt(number.value)
    return number.text if number.text == value else f"{number.text} ({value})"


def _clock_face(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


@detector(name="number", audit=True, column=4, mqm="Accuracy/Mistranslation", per_bead=True)
def detect_numbers(ctx: DetectionContext) -> list[Flag]:
    """Flag paired beads whose numbers do not match one to one."""
    flags = []
    for index, bead in ctx.translated():
        src = numbers_in(mask_protected(ctx.src_text(bead)), ctx.src_lang)
        tgt = numbers_in(mask_protected(ctx.tgt_text(bead)), ctx.tgt_lang)
        src_left, tgt_left = unmatched(src, tgt)
        if conflict(src_left, tgt_left):
            evidence = (
                f"src: {_show(src)} | tgt: {_show(tgt)}; "
                f"unmatched: {', '.join(n.text for n in src_left + tgt_left)}"
            )
            flags.append(Flag("number", _severity(src_left, tgt_left), evidence, index))
    return flags
