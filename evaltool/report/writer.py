"""Write a run to disk: DIR/<doc-id>/{report.json, alignment.csv, report.html} plus DIR/summary.{json,md}.

Each file is written to a temporary name and renamed, so a crash never leaves half a report.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..records import DocReport
from ..config import Config
from .csv_report import alignment_csv
from .export import export_bytes, export_path, report_flag_rows
from .html_report import render_index_html, render_report_html, similarity_counts
from .json_report import report_to_dict
from .summary import summary_entry, summary_markdown, summary_to_dict


def dumps(data: Any) -> str:
    """Deterministic, human-readable JSON (UTF-8 text kept as is)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; reports are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def prepare_out_dir(out_dir: Path) -> None:
    """Refuse an output path that is an existing file, before any evaluation work."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir} is a file; give a folder for the reports")


def write_run(
    reports: Iterable[DocReport], out_dir: Path, *, config: Config, model: str, signature: str,
    skipped: Sequence[tuple[str, str]] = (), export: str | None = None,
) -> dict[str, Any]:
    """Write each document's reports as it comes, then the summary; returns the summary dict.

    Of each report only its summary line and similarity histogram are kept, so a run over many
    documents writes them as they finish without holding them all. ``skipped``: input files left
    out of the run, with why, listed in the summary.
    """
    prepare_out_dir(out_dir)
    entries, histograms, flag_rows = [], {}, []
    for doc in reports:
        report = report_to_dict(doc)
        entries.append(summary_entry(report))
        if export:
            flag_rows += report_flag_rows(report)
        histograms[report["doc_id"]] = similarity_counts(report)
        folder = out_dir / report["doc_id"]
        write_atomic(folder / "report.json", dumps(report))
        write_atomic(folder / "alignment.csv", "\ufeff" + alignment_csv(report))
        write_atomic(folder / "report.html", render_report_html(report))
        if str(report.get("format", "")).startswith("xliff") and report.get("src_file"):
            _write_annotated(Path(report["src_file"]), folder / "annotated.xlf", report)
    summary = summary_to_dict(entries, config=config, model=model, signature=signature, skipped=skipped)
    write_atomic(out_dir / "summary.json", dumps(summary))
    write_atomic(out_dir / "summary.md", summary_markdown(summary))
    write_atomic(out_dir / "index.html", render_index_html(summary, histograms))
    if export:
        write_atomic(export_path(out_dir, export), export_bytes(flag_rows, export))
    return summary


def stale_report_folders(out_dir: Path, doc_ids: set[str]) -> list[str]:
    """Report folders in ``out_dir`` (holding a report.json) that are not among ``doc_ids``: left by earlier runs."""
    if not out_dir.is_dir():
        return []
    return sorted(p.name for p in out_dir.iterdir() if p.name not in doc_ids and (p / "report.json").is_file())


def _write_annotated(source: Path, target: Path, report: dict[str, Any]) -> None:
    """DIR/<doc-id>/annotated.xlf: a copy of the XLIFF input with flags as notes; the input is never touched."""
    from .annotate import annotate_xliff

    if target.resolve() == source.resolve():
        raise InputError(f"{source}: the annotated copy would overwrite the input; choose another --out folder")
    write_atomic(target, annotate_xliff(source, report))
