"""alignment.csv: one row per bead, written with pandas (UTF-8 with a BOM, so Excel reads the Chinese).

``src``/``tgt`` are report.json's 0-based sentence indices; ``src_lines``/``tgt_lines`` (plain-text
input) the 1-based lines of the input file; ``similarity`` is blank for 1-0/0-1 beads; ``confidence``
is the aligner's (a 1-0/0-1 row below 0.5 is a possible split, see ``Bead.possible_split``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..core import SEVERITIES

COLUMNS = ["bead", "src", "tgt", "kind", "similarity", "confidence", "flags", "severity", "src_text", "tgt_text"]


def alignment_frame(report: dict[str, Any]) -> pd.DataFrame:
    """The alignments of a report.json dict as a DataFrame (flag types and worst severity per row)."""
    rows = []
    for a in report["alignments"]:
        rows.append(
            {
                "bead": a["bead"],
                "src": " ".join(map(str, a["src"])),
                "tgt": " ".join(map(str, a["tgt"])),
                "kind": f"{len(a['src'])}-{len(a['tgt'])}",
                "similarity": a["similarity"],  # blank for 1-0/0-1 beads
                "confidence": a["confidence"],
                "flags": ";".join(f["type"] for f in a["flags"]),
                "severity": worst_severity([f["severity"] for f in a["flags"]]),
                "src_text": a["src_text"],
                "tgt_text": a["tgt_text"],
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    alignments = report["alignments"]
    if alignments and "src_lines" in alignments[0]:  # plain-text input; last, so the other columns keep their place
        frame["src_lines"] = [" ".join(map(str, a["src_lines"])) for a in alignments]
        frame["tgt_lines"] = [" ".join(map(str, a["tgt_lines"])) for a in alignments]
    if report.get("unit_ids") is not None:  # XLIFF/TMX/segment files: map rows back to unit ids
        frame.insert(1, "unit_id", [a.get("unit_id", "") for a in report["alignments"]])
    return frame


def worst_severity(severities: list[str]) -> str:
    """The most severe of the given levels, or '' when there are none."""
    for level in SEVERITIES:
        if level in severities:
            return level
    return ""
