"""Pre-aligned units (XLIFF/TMX units, JSONL pairs, line-aligned files) as beads: the one place that does it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


def pre_aligned(sources: Sequence[str], translations: Sequence[str]) -> Needs[PreAligned]:
    """One bead per unit with text, its similarity the cosine of its two sides (0.0 when a side is
    empty: such beads stay out of the similarity statistics, e.g. the mistranslation median)."""
    src: list[str] = []
    tgt: list[str] = []
    plain_src: list[str] = []
    plain_tgt: list[str] = []
    sides: list[tuple[int | None, int | None]] = []
    units: list[int] = []
    for unit, (s, t) in enumerate(zip(sources, translations, strict=True)):
        plain_s, plain_t = strip_codes(s), strip_codes(t)
        i = j = None
        if plain_s.strip():
            i = len(src)
            src.append(s)
            plain_src.append(plain_s)
        if plain_t.strip():
            j = len(tgt)
            tgt.append(t)
            plain_tgt.append(plain_t)
        if i is not None or j is not None:
            sides.append((i, j))
            units.append(unit)
    pairs = [(i, j) for i, j in sides if i is not None and j is not None]
    vectors = yield Texts((*(plain_src[i] for i, _ in pairs), *(plain_tgt[j] for _, j in pairs)))
    cosines = (vectors[: len(pairs)] * vectors[len(pairs) :]).sum(axis=1).tolist()
    similarity: dict[tuple[int | None, int | None], float] = dict(zip(pairs, cosines))  # keys: the 1-1 sides
    beads = tuple(
        Bead(() if i is None else (i,), () if j is None else (j,), float(similarity.get((i, j), 0.0)))
        for i, j in sides
    )
    return PreAligned(tuple(src), tuple(tgt), tuple(plain_src), tuple(plain_tgt), beads, tuple(units))
