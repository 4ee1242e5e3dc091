"""Vecalign's bead text format: one bead per line, ``[0]:[0, 1]``, ``[3]:[]``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import InputError
from ..records import Bead

_LINE = re.compile(r"\[\s*([\d,\s]*)\]\s*:\s*\[\s*([\d,\s]*)\]")

BeadIndices = tuple[tuple[int, ...], tuple[int, ...]]


def format_beads(beads: Iterable[Bead]) -> str:
    """Vecalign bead lines, source indices first, one bead per line (with a final newline)."""
    return "".join(f"{list(b.src)}:{list(b.tgt)}\n" for b in beads)


def parse_beads(text: str) -> list[BeadIndices]:
    """Read Vecalign bead lines (blank lines ignored) into (src indices, tgt indices) pairs."""
    result = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line.strip())
        if match is None:
            raise InputError(f"line {number} is not a bead like [0]:[0, 1]: {line.strip()[:60]!r}")
        result.append((_indices(match.group(1)), _indices(match.group(2))))
    return result


def _indices(field: str) -> tuple[int, ...]:
    return tuple(int(x) for x in field.replace(",", " ").split())
