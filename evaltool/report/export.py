"""Flag exports a translation team loads in a spreadsheet or an MQM tool: one row per flag.

``csv`` (UTF-8 with a BOM, so Excel reads the Chinese) and ``xlsx`` (openpyxl) hold the columns of
``FLAG_COLUMNS``; ``mqm`` is a tab-separated error table in the column names of the published MQM
annotations (system, doc, seg_id, category, severity, source, target, span), each flag type in
the MQM category its detector declares.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..detectors.registry import mqm_categories
from ..errors import InputError

if TYPE_CHECKING:
    import pandas as pd

_XML_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")
FORMATS = {"csv": "flags.csv", "xlsx": "flags.xlsx", "mqm": "flags.mqm.tsv"}
FLAG_COLUMNS = ["system", "document", "src_line", "tgt_line", "unit_id", "type", "severity", "evidence",
                "source", "target"]
def _lines(numbers: list[int]) -> str:
    return "" if not numbers else str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"


def report_flag_rows(report: Mapping[str, Any], *, system: str = "") -> list[dict[str, Any]]:
    """One row per flag of a report.json dict, with its bead's texts and file lines (or unit id)."""
    alignments = report["alignments"]
    rows = []
    for flag in report["flags"]:
        bead = alignments[flag["bead"]]
        rows.append({
            "system": system,
            "document": report["doc_id"],
            "src_line": _lines(bead.get("src_lines", [])),
            "tgt_line": _lines(bead.get("tgt_lines", [])),
            "unit_id": bead.get("unit_id", ""),
            "type": flag["type"],
            "severity": flag["severity"],
            "evidence": flag["evidence"],
            "source": bead["src_text"],
            "target": bead["tgt_text"],
        })
    return rows


def check_flag_rows(records: Iterable[Mapping[str, Any]], results: Iterable[Mapping[str, Any]], *, document: str) -> list[dict[str, Any]]:
    """One row per flag of ``check``'s results, with the pair's texts (unit id: the pair's id)."""
    rows = []
    for record, result in zip(records, results):
        for flag in result["flags"]:
            rows.append({
                "system": "", "document": document, "src_line": "", "tgt_line": "", "unit_id": str(record["id"]),
                "type": flag["type"], "severity": flag["severity"], "evidence": flag["evidence"],
                "source": record["src"], "target": record["tgt"],
            })
    return rows


def compare_flag_rows(flagged: Iterable[Mapping[str, Any]], *, doc_ids: Sequence[str] | None) -> list[dict[str, Any]]:
    """One row per flag of ``compare`` (its ``flagged`` records: system, 1-based line, texts), the
    document being the line's ``--docs`` id."""
    return [{
        "system": row["system"], "document": doc_ids[row["line"] - 1] if doc_ids else "",
        "src_line": str(row["line"]), "tgt_line": str(row["line"]), "unit_id": "",
        "type": row["type"], "severity": row["severity"], "evidence": row["evidence"],
        "source": row["src_text"], "target": row["tgt_text"],
    } for row in flagged]


def flag_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd  # only an export needs it: slow to import

    return pd.DataFrame([{c: row.get(c, "") for c in FLAG_COLUMNS} for row in rows], columns=FLAG_COLUMNS, dtype=str)


def mqm_frame(flags: pd.DataFrame) -> pd.DataFrame:
    """The flags as an MQM error table: a segment id (unit id, else the source line), an MQM category,
    the severity (Critical/Major/Minor) and the evidence as the span."""
    import pandas as pd

    categories = mqm_categories()
    segment = flags["unit_id"].where(flags["unit_id"] != "", flags["src_line"].where(flags["src_line"] != "", flags["tgt_line"]))
    return pd.DataFrame({
        "system": flags["system"],
        "doc": flags["document"],
        "seg_id": segment,
        "category": [categories.get(t, "Other") for t in flags["type"]],
        "severity": flags["severity"].str.capitalize(),
        "source": flags["source"],
        "target": flags["target"],
        "span": flags["evidence"],
    })


def export_bytes(rows: list[dict[str, Any]], fmt: str) -> bytes:
    """The export file's content in ``fmt`` (csv, xlsx, mqm)."""
    flags = flag_frame(rows)
    if fmt == "csv":
        return ("\ufeff" + flags.to_csv(index=False, lineterminator="\n")).encode("utf-8")
    if fmt == "mqm":
        return mqm_frame(flags).to_csv(index=False, sep="\t", lineterminator="\n").encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(flags)
    raise InputError(f"--export {fmt}: use one of {', '.join(FORMATS)}")


def _xlsx(flags: pd.DataFrame) -> bytes:
    """An xlsx workbook of one sheet that is the same bytes for the same flags: the workbook's dates and
    the zip members' times are fixed (openpyxl writes the clock's)."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        flags.to_excel(writer, index=False, sheet_name="flags")
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = _XML_DATES.sub(rb"\g<1>2000-01-01T00:00:00Z", data)
            out.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def check_format(fmt: str) -> str:
    """``fmt`` if it is a known export format, else an InputError naming them."""
    if fmt not in FORMATS:
        raise InputError(f"--export {fmt}: use one of {', '.join(FORMATS)}")
    return fmt


def export_path(folder: Path, fmt: str) -> Path:
    return folder / FORMATS[fmt]
