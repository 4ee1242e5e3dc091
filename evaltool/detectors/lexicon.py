"""Word lists shipped in ``evaltool/data`` and a longest-match scanner over them.

The lists are plain text (one entry per line, ``#`` comments) so linguists can edit
them without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

_EN_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")


@lru_cache(maxsize=None)
def load_words(name: str) -> frozenset[str]:
    """Entries of ``evaltool/data/<name>.txt`` (blank lines and comments dropped)."""
    text = files("evaltool").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(line for line in lines if line)


@dataclass(frozen=True)
class Match:
    """One lexicon hit: the entry, where it starts, and how many units it spans."""

    entry: str
    start: int
    length: int


def scan(units: list[str], *, cues: frozenset[str], traps: frozenset[str], sep: str) -> list[Match]:
    """Longest-match scan of ``units`` (characters or tokens); traps consume their span silently."""
    longest = max((len(e.split(sep)) if sep else len(e) for e in cues | traps), default=1)
    found: list[Match] = []
    i = 0
    while i < len(units):
        for size in range(min(longest, len(units) - i), 0, -1):
            entry = sep.join(units[i : i + size])
            if entry in traps or entry in cues:
                if entry in cues:
                    found.append(Match(entry, i, size))
                i += size
                break
        else:
            i += 1
    return found


def en_tokens(text: str) -> list[str]:
    """Lower-case word tokens with straight apostrophes (don't, can't stay whole)."""
    return _EN_TOKEN.findall(text.lower().replace("’", "'").replace("‘", "'"))
