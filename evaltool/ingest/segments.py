"""Pre-aligned localization files (XLIFF, TMX, TSV/CSV, JSONL) read by suffix into one small record
(``units.SegmentFile``: a list of segments).

Every reader keeps the file's own unit ids, so results can be mapped back to the units a
translator or CAT tool knows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from ..errors import InputError
from .limits import check_count
from .tabular import read_jsonl_segments, read_tabular
from .tmx import read_tmx
from .units import DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES, SegmentFile
from .xliff import read_xliff

XML_SUFFIXES = {".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx"}
TABULAR_SUFFIXES = {".tsv", ".csv", ".jsonl"}
SEGMENT_SUFFIXES = frozenset(XML_SUFFIXES) | TABULAR_SUFFIXES

__all__ = ["SEGMENT_SUFFIXES", "TABULAR_SUFFIXES", "XML_SUFFIXES", "SegmentFile", "is_segment_file", "read_segments"]


def is_segment_file(path: Path) -> bool:
    """True for the suffixes read as pre-aligned segments rather than running text."""
    return Path(path).suffix.lower() in SEGMENT_SUFFIXES


def read_segments(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_lines: int = DEFAULT_MAX_LINES,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    columns: Mapping[str, str | int] | None = None,
    header: bool = True,
) -> SegmentFile:
    """Read any supported pre-aligned file, chosen by suffix (.xlf/.xliff, .tmx, .tsv, .csv, .jsonl).

    ``src_lang``/``tgt_lang`` pick the two languages of a TMX whose header says ``srclang="*all*"``
    or that holds more than two languages; ``columns`` and
    ``header`` map the columns of a TSV/CSV file (see ``tabular.read_tabular``). A file of more than
    ``max_lines`` lines or units is refused.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in XML_SUFFIXES:
        if suffix == ".tmx":
            units = read_tmx(path, max_bytes=max_bytes, src_lang=src_lang, tgt_lang=tgt_lang)
        else:
            units = read_xliff(path, max_bytes=max_bytes)
        check_count(str(path), len(units.segments), limit=max_lines, what="units")
        return units
    if suffix in (".tsv", ".csv"):
        return read_tabular(path, max_bytes=max_bytes, max_lines=max_lines, columns=columns, header=header)
    if suffix == ".jsonl":
        return read_jsonl_segments(path, max_bytes=max_bytes, max_lines=max_lines)
    raise InputError(f"{path}: not a pre-aligned file (expected {', '.join(sorted(SEGMENT_SUFFIXES))})")
