"""The ``Number`` record both readers produce, and what they share.

A time of day (16时, 下午3点半, 15:50; "1600 hours", "4 p.m.", "16: 00", "noon") is one
number with ``times``, its readings as hours of the day, so a clock time is neither
split into hour and minutes nor read as the figure 1600. Its plain readings are its
figures: the hour on a 24- and a 12-hour dial, and as written ("1600 hours" may be a
duration).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Number:
    """A number as written, its value, and other readings that also count as equal."""

    text: str
    value: float
    soft: bool = False
    alternatives: tuple[float, ...] = ()
    ordinal: bool = False
    times: tuple[float, ...] = ()  # a time of day: its readings in hours (16.5 = 16:30)
    parts: tuple[float, ...] = ()  # figures that together also count as equal: 21:25 may be a score, 21-25

    def readings(self) -> tuple[float, ...]:
        return (self.value, *self.alternatives)


def clock(text: str, figure: float, times: tuple[float, ...], soft: bool = False,
          parts: tuple[float, ...] = ()) -> Number:
    """A time of day written ``text``; ``figure`` is the number as written (3 of "3 p.m.",
    1600 of "1600 hours"). Its plain readings add each time on a 24- and a 12-hour dial."""
    dial = {t % 24 for t in times} | {t - 12 for t in times if 13 <= t < 24} | set(times)
    return Number(text, figure, soft, tuple(sorted(dial - {figure})), times=times, parts=parts)


def hm(hour: float, minute: float = 0) -> float:
    """Hours and minutes as hours (16:30 → 16.5)."""
    return hour + minute / 60


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the given spans replaced by spaces (positions kept)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text
