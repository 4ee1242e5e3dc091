"""Comparison output for people: a Markdown table fit for a pull-request comment, and an HTML page."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from ..core import SEVERITIES
from ..wording import plural
from .compare import Comparison
from .highlight import highlight


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _score_text(score: float) -> str:
    return f"{score:.4g}" if abs(score) < 10 else f"{score:.2f}"


def _mark(row: pd.Series | dict[str, Any], *, p_level: float, p_key: str = "p_value") -> str:
    """"▼" / "▲" for a significant worsening / improvement at ``p_level`` (by ``p_key``), else ""."""
    p: Any = row.get(p_key)
    delta: Any = row.get("delta")
    if _missing(p) or _missing(delta) or p >= p_level or delta == 0:
        return ""
    worse = (delta < 0) if row["better"] == "higher" else (delta > 0)
    return "▼" if worse else "▲"


def _cell(row: pd.Series, *, p_level: float) -> str:
    score = _score_text(row["score"])
    if _missing(row["delta"]):
        return score
    p = "" if _missing(row["p_value"]) else f", p={row['p_value']:.3f}"
    mark = _mark(row, p_level=p_level)
    return f"{score} ({row['delta']:+.3g}{p}){' ' + mark if mark else ''}"


def multiple_tests(comparison: Comparison) -> tuple[int, int, int]:
    """(tests made, marks at the uncorrected level, marks that hold after Holm's correction)."""
    rows = [row for _, row in comparison.figures.iterrows() if not _missing(row.get("p_value"))]
    marks = [row for row in rows if _mark(row, p_level=comparison.p_level)]
    holm = [row for row in marks if _mark(row, p_level=comparison.p_level, p_key="p_holm")]
    return len(rows), len(marks), len(holm)


def holm_floor_note(comparison: Comparison) -> str:
    """Why no mark can hold after Holm's correction when there are too few resamples for the tests, or ""."""
    tests = multiple_tests(comparison)[0]
    if not tests or tests / (comparison.samples + 1) < comparison.p_level:
        return ""
    needed = math.ceil(tests / comparison.p_level / 1000) * 1000
    return (f"With {comparison.samples} resamples the smallest p-value is 1/{comparison.samples + 1}, so no mark can "
            f"hold after Holm's correction over {plural(tests, 'test')}: use --samples {needed} or more for that.")


def multiple_tests_note(comparison: Comparison) -> str:
    """A sentence on the number of tests behind the marks and how many marks survive Holm's correction."""
    tests, marks, holm = multiple_tests(comparison)
    if not tests:
        return ""
    note = (f"The marks are not corrected for the {plural(tests, 'test')} made (each system but the baseline × "
            f"each figure): after Holm–Bonferroni correction {holm} of the {plural(marks, 'mark')} hold "
            "(`p_holm` in compare.json).")
    floor = holm_floor_note(comparison)
    return f"{note} {floor}" if floor else note


def figures_table(comparison: Comparison) -> pd.DataFrame:
    """Systems × figures, each cell 'score (Δ vs baseline, p)'; ▼ / ▲ mark a worsening / improvement
    with p below ``comparison.p_level``."""
    frame = comparison.figures.copy()
    frame["cell"] = frame.apply(_cell, axis=1, p_level=comparison.p_level)
    table = frame.pivot(index="system", columns="figure", values="cell")
    order = list(dict.fromkeys(comparison.figures["system"]))
    columns = list(dict.fromkeys(comparison.figures["figure"]))
    return table.loc[order, columns]


LINES_SHOWN = 20


def _line_list(lines: Any) -> str:
    """[12, 40] → "12, 40"; past LINES_SHOWN lines, the first ones and "… (N in all)"."""
    if not isinstance(lines, (list, tuple)):
        return "" if lines is None or pd.isna(lines) else str(lines)
    shown = ", ".join(str(n) for n in lines[:LINES_SHOWN])
    return shown + (f", … ({len(lines)} in all)" if len(lines) > LINES_SHOWN else "")


def flags_table(comparison: Comparison) -> pd.DataFrame:
    """The flags table for people: how many flags and on how many lines (a line can carry several), the
    lines of each (system, type, severity) as "21, 91, 161", and under "not in baseline" those the baseline
    has no such flag on."""
    frame = comparison.flags.copy()
    frame.insert(frame.columns.get_loc("count") + 1, "flagged lines", frame["lines"].map(len))
    frame["lines"] = frame["lines"].map(_line_list)
    frame["new_lines"] = frame["new_lines"].map(_line_list)
    return frame.rename(columns={"count": "flags", "per_1k": "flags/1k", "lines": "line numbers",
                                 "new_lines": "not in baseline"})


def documents_table(comparison: Comparison) -> pd.DataFrame:
    """The documents table for people: critical_lines as "12, 40" under the heading "critical lines"."""
    frame = comparison.documents.copy()
    if "critical_lines" in frame.columns:
        frame["critical_lines"] = frame["critical_lines"].map(_line_list)
        frame = frame.rename(columns={"critical_lines": "critical lines"})
    return frame


def _markdown(frame: pd.DataFrame, *, index: bool) -> str:
    if frame.empty:
        return "_none_"
    header = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for key, row in frame.iterrows():
        cells = ([str(key)] if index else []) + ["" if pd.isna(v) else str(v) for v in row]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def _gate_word(comparison: Comparison, *, failed: str) -> str:
    if not comparison.gate_configured:
        return "not configured"
    return failed if comparison.gate_failures else "passed"


def comparison_markdown(comparison: Comparison) -> str:
    """The whole comparison as Markdown: figures, flags, documents, gate, signatures."""
    gate = _gate_word(comparison, failed="**FAILED**")
    parts = [
        f"## evaltool compare — baseline `{comparison.baseline}` — gate {gate}",
        "",
        ("Each cell: score (difference to the baseline, paired-test p-value); ▼ = significantly worse, "
         f"▲ = significantly better (p < {comparison.p_level:g}). "
         "Flag rates are per 1,000 source words (Chinese: characters); lower is better."),
        "",
        _markdown(figures_table(comparison), index=True),
    ]
    note = multiple_tests_note(comparison)
    if note:
        parts += ["", note]
    if comparison.gate_failures:
        parts += ["", "### Gate failures", ""] + [f"- {f}" for f in comparison.gate_failures]
    parts += ["", "### Flags by type and severity", "",
              "Flags: how many; flagged lines: on how many lines (a line can carry several flags). Line numbers: "
              "1-based, in the input files (not in baseline: lines where the baseline has no flag of that type "
              "and severity); compare.json and compare.html list each flag with its evidence and the line's texts.",
              "", _markdown(flags_table(comparison), index=False)]
    if comparison.documents["doc_id"].nunique() > 1:
        parts += ["", "### Documents", "",
                  "Flag counts per type; critical lines: line numbers (1-based, in the input files) of the critical flags.",
                  "", _markdown(documents_table(comparison), index=False)]
    parts += ["", "### Signatures", ""] + [f"- {k}: `{v}`" for k, v in comparison.signatures.items()]
    return "\n".join(parts) + "\n"


_ENV = Environment(
    loader=PackageLoader("evaltool.compare", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    keep_trailing_newline=True,
)
LINES_OPEN = 10  # line numbers shown in a cell of compare.html; the rest behind "N more"


def rank_systems(comparison: Comparison, figure: str) -> list[tuple[int, str]]:
    """(rank, system), best first by ``figure`` (higher or lower is better, as the figure says); equal
    scores share a rank ("1, 2, 2, 4"). The same order as compare.html's "rank systems by" box."""
    rows = comparison.figures[comparison.figures["figure"] == figure]
    sign = -1.0 if rows["better"].iloc[0] == "higher" else 1.0
    ordered = sorted(zip(rows["score"] * sign, rows["system"]), key=lambda t: t[0])
    ranks, previous = [], None
    for position, (key, name) in enumerate(ordered, start=1):
        rank = ranks[-1][0] if previous is not None and key == previous else position
        ranks.append((rank, name))
        previous = key
    return ranks


def _figure_cell(row: pd.Series, *, p_level: float) -> dict[str, Any]:
    """One cell of the HTML figures table: the score, the test against the baseline, the mark."""
    cell: dict[str, Any] = {"sort": row["score"], "score": _score_text(row["score"]), "test": [], "mark": "",
                            "holm": False}
    if _missing(row["delta"]):
        return cell
    cell["test"] = [f"Δ {row['delta']:+.3g}"]
    if not _missing(row["p_value"]):
        cell["test"].append(f"p {row['p_value']:.3f}")
    if not _missing(row.get("p_holm")):
        cell["test"].append(f"Holm {row['p_holm']:.3f}")
    cell["mark"] = _mark(row, p_level=p_level)
    cell["worse"] = cell["mark"] == "▼"
    cell["holm"] = bool(cell["mark"]) and bool(_mark(row, p_level=p_level, p_key="p_holm"))
    return cell


def _figures_view(comparison: Comparison) -> dict[str, Any]:
    figures = comparison.figures
    columns = list(dict.fromkeys(figures["figure"]))
    better = dict(zip(figures["figure"], figures["better"]))
    cells = {(r["system"], r["figure"]): _figure_cell(r, p_level=comparison.p_level) for _, r in figures.iterrows()}
    ranking = rank_systems(comparison, columns[0]) if columns else []
    rows = [{"rank": rank, "system": name, "cells": [cells.get((name, f)) for f in columns]} for rank, name in ranking]
    tests, marks, holm = multiple_tests(comparison)
    tested = figures[figures["p_value"].notna()]
    return {"columns": columns, "better": better, "rows": rows, "tests": tests, "marks": marks, "holm": holm,
            "tested_systems": tested["system"].nunique(), "tested_figures": tested["figure"].nunique()}


def _lines_cell(lines: Any) -> dict[str, list[int]]:
    lines = list(lines) if isinstance(lines, (list, tuple)) else []
    return {"open": lines[:LINES_OPEN], "more": lines[LINES_OPEN:]}


def _flags_view(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {**row, "line_count": len(row["lines"]),
         "line_cells": _lines_cell(row["lines"]), "new_cells": _lines_cell(row["new_lines"])}
        for row in comparison.flags.to_dict(orient="records")
    ]


def _documents_view(comparison: Comparison) -> tuple[list[str], list[dict[str, Any]]]:
    frame = comparison.documents
    counts = [c for c in frame.columns if c not in ("doc_id", "system", "critical_lines")]
    rows = [{"doc_id": r["doc_id"], "system": r["system"], "values": [_document_value(c, r[c]) for c in counts],
             "critical": _lines_cell(r.get("critical_lines"))} for r in frame.to_dict(orient="records")]
    return counts, rows


def _document_value(column: str, value: Any) -> Any:
    """BLEU and chrF of a document to 2 decimals on the page (compare.json keeps 4)."""
    if _missing(value):
        return ""
    return f"{value:.2f}" if column in ("BLEU", "chrF") else value


def _flagged_view(comparison: Comparison, systems: list[str]) -> list[dict[str, Any]]:
    """Every flag with its line's texts, the evidence marked in them, and an anchor per (system, line)."""
    rows, anchored = [], set()
    for row in comparison.flagged.to_dict(orient="records"):
        key = (systems.index(row["system"]), row["line"])
        evidence = str(row["evidence"])
        rows.append({
            **row,
            "anchor": None if key in anchored else f"f{key[0]}-{key[1]}",
            "key": f"{key[0]}-{key[1]}",
            "src_html": highlight(row.get("src_text"), evidence),
            "tgt_html": highlight(row.get("tgt_text"), evidence),
            "ref_html": highlight(row.get("ref_text"), evidence),
        })
        anchored.add(key)
    return rows


def comparison_html(comparison: Comparison) -> str:
    """compare.html: a self-contained review page (all text escaped, no network): systems ranked by a
    chosen figure, sortable and filterable tables, and every flag with its line's texts."""
    systems = list(dict.fromkeys(comparison.figures["system"])) if not comparison.figures.empty else []
    systems += [n for n in dict.fromkeys(comparison.flagged.get("system", [])) if n not in systems]
    flagged = _flagged_view(comparison, systems)
    counts, documents = _documents_view(comparison)
    return _ENV.get_template("compare.html.j2").render(
        c=comparison,
        failures=comparison.gate_failures,
        figures=_figures_view(comparison),
        flags=_flags_view(comparison),
        doc_counts=counts,
        documents=documents,
        flagged=flagged,
        has_ref=any(r.get("ref_text") is not None for r in flagged),
        systems=systems,
        types=sorted({r["type"] for r in flagged}),
        severities=[s for s in SEVERITIES if any(r["severity"] == s for r in flagged)],
        flagged_lines=len({r["key"] for r in flagged}),
        holm_floor=holm_floor_note(comparison),
        sys_index={name: i for i, name in enumerate(systems)},
    )
