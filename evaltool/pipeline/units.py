"""Pre-aligned units (XLIFF/TMX units, JSONL pairs, line-aligned files) as beads: the one place that does it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..codes import strip_codes
from ..embed.requests import Needs, Texts
from ..records import Bead


@dataclass(frozen=True)
class PreAligned:
    """Units turned into sentences and beads.

    ``src``/``tgt`` hold the non-empty sides in unit order (inline-code markers kept, for reports
    and the entity check); ``beads[k]`` belongs to unit ``units[k]``: 1-1, 1-0 when the translation
    is empty (an omission), 0-1 when the source is (an addition). A unit with neither side has no
    bead. ``plain_src``/``plain_tgt`` are the texts without code markers, which embeddings and
    scores read.
    """

    src: tuple[str, ...]
    tgt: tuple[str, ...]
    plain_src: tuple[str, ...]
    plain_tgt: tuple[str, ...]
    beads: tuple[Bead, ...]
    units: tuple[int, ...]


def unit_sides(sources: Sequence[str], translations: Sequence[str]) -> PreAligned:
    """The units' sentences and beads, every similarity 0.0 (see ``pre_aligned`` and ``with_similarities``)."""
    src: list[str] = []
    tgt: list[str] = []
    plain_src: list[str] = []
    plain_tgt: list[str] = []
    beads: list[Bead] = []
    units: list[int] = []
    for unit, (s, t) in enumerate(zip(sources, translations, strict=True)):
        plain_s, plain_t = strip_codes(s), strip_codes(t)
        bead_src: tuple[int, ...] = ()
        bead_tgt: tuple[int, ...] = ()
        if plain_s.strip():
            bead_src = (len(src),)
            src.append(s)
            plain_src.append(plain_s)
        if plain_t.strip():
            bead_tgt = (len(tgt),)
            tgt.append(t)
            plain_tgt.append(plain_t)
        if bead_src or bead_tgt:
            beads.append(Bead(bead_src, bead_tgt))
            units.append(unit)
    return PreAligned(tuple(src), tuple(tgt), tuple(plain_src), tuple(plain_tgt), tuple(beads), tuple(units))


def with_similarities(units: PreAligned, similarity: Sequence[float]) -> PreAligned:
    """``units`` with each 1-1 bead's similarity taken from ``similarity`` (one per input unit)."""
    beads = tuple(
        Bead(b.src, b.tgt, float(similarity[unit]) if b.src and b.tgt else 0.0) for b, unit in zip(units.beads, units.units)
    )
    return replace(units, beads=beads)


def unit_similarities(units: PreAligned, count: int) -> list[float]:
    """The similarity of each of ``count`` input units (0.0 for a unit with no bead or one side only)."""
    similarity = [0.0] * count
    for unit, bead in zip(units.units, units.beads):
        similarity[unit] = bead.similarity
    return similarity


def pre_aligned(sources: Sequence[str], translations: Sequence[str]) -> Needs[PreAligned]:
    """One bead per unit with text, its similarity the cosine of its two sides (0.0 when a side is
    empty: such beads stay out of the similarity statistics, e.g. the mistranslation median)."""
    units = unit_sides(sources, translations)
    linked = [(k, b) for k, b in enumerate(units.beads) if b.src and b.tgt]
    vectors = yield Texts((*(units.plain_src[b.src[0]] for _, b in linked), *(units.plain_tgt[b.tgt[0]] for _, b in linked)))
    cosines = (vectors[: len(linked)] * vectors[len(linked) :]).sum(axis=1).tolist()
    similarity = [0.0] * len(sources)
    for (k, _), cosine in zip(linked, cosines):
        similarity[units.units[k]] = cosine
    return with_similarities(units, similarity)
