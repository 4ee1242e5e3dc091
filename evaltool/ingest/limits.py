"""Input limits that keep time and memory bounded: refuse what no report could use, naming where it is."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import InputError


def check_sentence_lengths(texts: Iterable[tuple[str, str]], *, limit: int) -> None:
    """(where, text) pairs, e.g. ("story.en.txt line 12", sentence): a text over ``limit`` characters
    is an InputError that names where it is."""
    for where, text in texts:
        if len(text) > limit:
            raise InputError(
                f"{where}: a sentence of {len(text):,} characters (at most {limit:,}; text without sentence "
                "ends?): split it, or raise [ingest] max_sentence_chars"
            )


def check_count(where: str, count: int, *, limit: int, what: str = "lines", setting: str = "max_lines") -> None:
    """More than ``limit`` lines (units, sentences) in one input is an InputError naming the limit."""
    if count > limit:
        raise InputError(
            f"{where} has {count:,} {what}, over the limit of {limit:,}: split it into smaller files, "
            f"or raise [ingest] {setting} in the config"
        )
