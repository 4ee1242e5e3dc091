"""Line-aligned files (one segment per line) and JSONL pair files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from .decode import read_text
from .units import Segment, SegmentFile


def read_lines(path: Path, *, max_bytes: int, max_lines: int | None = None) -> list[str]:
    """One segment per line, decoded like any other input; a trailing newline adds no segment."""
    text, _ = read_text(path, max_bytes=max_bytes, max_lines=max_lines)
    return [line.strip() for line in text.split("\n")[: -1 if text.endswith("\n") else None]]


def read_jsonl_pairs(path: Path, *, max_bytes: int, max_lines: int | None = None) -> list[dict[str, Any]]:
    """Records ``{"id", "src", "tgt"[, "ref"]}``, one per line; blank lines are skipped."""
    text, _ = read_text(path, max_bytes=max_bytes, max_lines=max_lines)
    records = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}:{number}: expected a JSON object with id, src and tgt")
        missing = [k for k in ("src", "tgt") if not isinstance(record.get(k), str)]
        if missing:
            raise InputError(f"{path}:{number}: missing text field(s): {', '.join(missing)}")
        if "ref" in record and not isinstance(record["ref"], str):
            raise InputError(f"{path}:{number}: field ref must be a string")
        record.setdefault("id", str(number))
        records.append(record)
    return records


def check_same_length(named: dict[str, list[str]]) -> None:
    """Line-aligned inputs must have the same number of lines; the error names each count."""
    counts = {name: len(lines) for name, lines in named.items()}
    if len(set(counts.values())) > 1:
        detail = ", ".join(f"{name} has {n}" for name, n in counts.items())
        raise InputError(f"line counts differ: {detail}")


def read_line_pair(
    src_path: Path, tgt_path: Path, *, max_bytes: int, max_lines: int | None = None
) -> SegmentFile:
    """Two line-aligned files as one pre-aligned file: line ``n`` of each is unit ``n`` (1-based ids)."""
    src = read_lines(src_path, max_bytes=max_bytes, max_lines=max_lines)
    tgt = read_lines(tgt_path, max_bytes=max_bytes, max_lines=max_lines)
    check_same_length({f"--src {src_path}": src, f"--tgt {tgt_path}": tgt})
    segments = tuple(Segment(str(n), s, t) for n, (s, t) in enumerate(zip(src, tgt), start=1))
    return SegmentFile(str(src_path), "lines", "", "", segments, tgt_path=str(tgt_path))
