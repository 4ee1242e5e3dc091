"""TSV/CSV (with column mapping) and JSONL readers for pre-aligned segments."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Mapping

from ..errors import InputError
from .decode import read_text
from .lines import read_jsonl_pairs
from .units import DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES, Segment, SegmentFile

FIELDS = ("id", "src", "tgt", "state", "note")
# Header names recognised for each field when no explicit mapping is given (case-insensitive).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "key", "unit", "unit_id", "segment_id", "tuid"),
    "src": ("src", "source", "source_text"),
    "tgt": ("tgt", "target", "translation", "target_text", "mt"),
    "state": ("state", "status"),
    "note": ("note", "notes", "comment", "comments"),
}


def read_tabular(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_lines: int = DEFAULT_MAX_LINES,
    columns: Mapping[str, str | int] | None = None,
    header: bool = True,
    delimiter: str | None = None,
) -> SegmentFile:
    """Read a TSV (tab, no quoting) or CSV (comma, RFC 4180 quoting) file of aligned segments.

    ``columns`` maps fields (id, src, tgt, state, note) to a header name or a 0-based column
    number; without it the header names are recognised (src/source, tgt/target/translation …),
    or, with ``header=False``, column 0 is the source and column 1 the target. Ids default to
    the 1-based data row number.
    """
    path = Path(path)
    text, _ = read_text(path, max_bytes=max_bytes, max_lines=max_lines)
    is_tsv = (delimiter or ("\t" if path.suffix.lower() == ".tsv" else ",")) == "\t"
    if is_tsv:
        rows = [line.split("\t") for line in text.split("\n") if line.strip()]
        fmt = "tsv"
    else:
        try:
            rows = [row for row in csv.reader(text.split("\n"), delimiter=delimiter or ",") if any(c.strip() for c in row)]
        except csv.Error as exc:
            raise InputError(f"{path}: not valid CSV ({exc})") from None
        fmt = "csv"
    head = rows[0] if header and rows else []
    data = rows[1:] if header else rows
    mapping = _mapping(path, head, columns, header)
    segments = []
    for number, row in enumerate(data, start=1):
        values = {}
        for name, index in mapping.items():
            if index >= len(row):
                if name in ("src", "tgt"):
                    raise InputError(f"{path}: data row {number} has {len(row)} column(s), no {name} column {index}")
                continue
            values[name] = row[index].strip()
        segments.append(Segment(id=values.get("id") or str(number), src=values["src"], tgt=values["tgt"],
                                state=values.get("state", ""), note=values.get("note", "")))
    if not segments:
        raise InputError(f"{path}: holds no segment rows")
    return SegmentFile(str(path), fmt, "", "", tuple(segments))


def _mapping(path: Path, head: list[str], columns: Mapping[str, str | int] | None, header: bool) -> dict[str, int]:
    names = [h.strip().lower() for h in head]
    mapping: dict[str, int] = {}
    if columns:
        unknown = sorted(set(columns) - set(FIELDS))
        if unknown:
            raise InputError(f"unknown column field(s) {', '.join(unknown)}: use {', '.join(FIELDS)}")
        for field, where in columns.items():
            if isinstance(where, int):
                mapping[field] = where
            elif where.strip().lower() in names:
                mapping[field] = names.index(where.strip().lower())
            else:
                raise InputError(f"{path}: no column named {where!r} (columns: {', '.join(head) or 'none'})")
    elif header:
        for field, aliases in HEADER_ALIASES.items():
            for alias in aliases:
                if alias in names:
                    mapping[field] = names.index(alias)
                    break
    else:
        mapping = {"src": 0, "tgt": 1}
    missing = [f for f in ("src", "tgt") if f not in mapping]
    if missing:
        raise InputError(
            f"{path}: no {' or '.join(missing)} column (header: {', '.join(head) or 'none'}); "
            "name the columns src and tgt, or give a column mapping"
        )
    return mapping


def read_jsonl_segments(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, max_lines: int = DEFAULT_MAX_LINES
) -> SegmentFile:
    """JSONL records ``{"id","src","tgt"[,"state","note"]}`` (the format of `evaltool check`)."""
    records = read_jsonl_pairs(Path(path), max_bytes=max_bytes, max_lines=max_lines)
    if not records:
        raise InputError(f"{path}: holds no pairs")
    segments = tuple(
        Segment(id=str(r["id"]), src=r["src"].strip(), tgt=r["tgt"].strip(),
                state=str(r.get("state", "")), note=str(r.get("note", "")))
        for r in records
    )
    return SegmentFile(str(path), "jsonl", "", "", segments)
