"""alignment.csv: one row per bead (UTF-8 with a BOM, so Excel reads the Chinese).

``src``/``tgt`` are report.json's 0-based sentence indices; ``src_lines``/``tgt_lines`` (plain-text
input) the 1-based lines of the input file; ``similarity`` is blank for 1-0/0-1 beads; ``confidence``
is the aligner's (a 1-0/0-1 row below 0.5 is a possible split, see ``Bead.possible_split``). Written with
the csv module, as pandas' ``to_csv`` wrote it (pandas is slow to import, and a run needs no table).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..core import SEVERITIES

COLUMNS = ["bead", "src", "tgt", "kind", "similarity", "confidence", "flags", "severity", "src_text", "tgt_text"]


def alignment_rows(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The column names and the rows of a report.json dict's alignments (flag types and worst severity per row)."""
    alignments = report["alignments"]
    columns = list(COLUMNS)
    rows = [
        [a["bead"], " ".join(map(str, a["src"])), " ".join(map(str, a["tgt"])), f"{len(a['src'])}-{len(a['tgt'])}",
         a["similarity"],  # blank for 1-0/0-1 beads
         a["confidence"],
         ";".join(f["type"] for f in a["flags"]), worst_severity([f["severity"] for f in a["flags"]]),
         a["src_text"], a["tgt_text"]]
        for a in alignments
    ]
    if alignments and "src_lines" in alignments[0]:  # plain-text input; last, so the other columns keep their place
        columns += ["src_lines", "tgt_lines"]
        for row, a in zip(rows, alignments):
            row += [" ".join(map(str, a["src_lines"])), " ".join(map(str, a["tgt_lines"]))]
    if report.get("unit_ids") is not None:  # XLIFF/TMX/segment files: map rows back to unit ids
        columns.insert(1, "unit_id")
        for row, a in zip(rows, alignments):
            row.insert(1, a.get("unit_id", ""))
    return columns, rows


def alignment_csv(report: dict[str, Any]) -> str:
    """alignment.csv's text (without the BOM): a header and one line per bead, blank for a missing value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns, rows = alignment_rows(report)
    writer.writerow(columns)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return buffer.getvalue()


def worst_severity(severities: list[str]) -> str:
    """The most severe of the given levels, or '' when there are none."""
    for level in SEVERITIES:
        if level in severities:
            return level
    return ""
