"""Small helpers for the words of messages and reports."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 document"``, ``"3 documents"``; ``many`` for irregular plurals."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"
