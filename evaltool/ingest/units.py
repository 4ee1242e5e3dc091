"""The record every pre-aligned reader returns: a file's segments, with the file's own unit ids.

Kept apart from ``segments`` (which picks the reader by suffix) so that the readers can use it
without importing the module that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 50_000_000
DEFAULT_MAX_LINES = 100_000  # [ingest] max_lines


@dataclass(frozen=True)
class Segment:
    """One aligned unit: the file's id for it, source and target text, its workflow state and notes."""

    id: str
    src: str
    tgt: str
    state: str = ""
    note: str = ""


@dataclass(frozen=True)
class SegmentFile:
    """A pre-aligned file: its format (``xliff-1.2``, ``xliff-2.0``, ``tmx-1.4``, ``tsv``, ``csv``,
    ``jsonl``, ``lines``), languages as declared in the file ("" when it does not say) and its segments
    in order. ``tgt_path`` is the target's file when it is another one (``lines``: two line-aligned files)."""

    path: str
    format: str
    src_lang: str
    tgt_lang: str
    segments: tuple[Segment, ...]
    tgt_path: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.segments)
