"""Comparison output for people: a Markdown table fit for a pull-request comment, and an HTML page."""

from __future__ import annotations

from typing import Any

import pandas as pd
from jinja2 import Environment, select_autoescape

from .compare import Comparison


def _cell(row: pd.Series, *, p_level: float) -> str:
    score = f"{row['score']:.4g}" if abs(row["score"]) < 10 else f"{row['score']:.2f}"
    if row["delta"] is None or pd.isna(row["delta"]):
        return score
    p = "" if row["p_value"] is None or pd.isna(row["p_value"]) else f", p={row['p_value']:.3f}"
    significant = bool(p) and row["p_value"] < p_level and row["delta"] != 0
    worse = (row["delta"] < 0) if row["better"] == "higher" else (row["delta"] > 0)
    mark = (" ▼" if worse else " ▲") if significant else ""
    return f"{score} ({row['delta']:+.3g}{p}){mark}"


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
    """The flags table for people: the lines of each (system, type, severity) as "21, 91, 161", and
    under "not in baseline" those the baseline has no such flag on."""
    frame = comparison.flags.copy()
    frame["lines"] = frame["lines"].map(_line_list)
    frame["new_lines"] = frame["new_lines"].map(_line_list)
    return frame.rename(columns={"new_lines": "not in baseline"})


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
    if comparison.gate_failures:
        parts += ["", "### Gate failures", ""] + [f"- {f}" for f in comparison.gate_failures]
    parts += ["", "### Flags by type and severity", "",
              "Lines: 1-based line numbers in the input files (not in baseline: lines where the baseline has "
              "no flag of that type and severity); compare.json and compare.html list each flag with its evidence.",
              "", _markdown(flags_table(comparison), index=False)]
    if comparison.documents["doc_id"].nunique() > 1:
        parts += ["", "### Documents", "",
                  "Flag counts per type; critical lines: line numbers (1-based, in the input files) of the critical flags.",
                  "", _markdown(documents_table(comparison), index=False)]
    parts += ["", "### Signatures", ""] + [f"- {k}: `{v}`" for k, v in comparison.signatures.items()]
    return "\n".join(parts) + "\n"


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>evaltool compare · {{ c.baseline }}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 1.5rem; color: #1d2430; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; } th, td { border: 1px solid #d5dae1; padding: .3rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; } th { background: #f4f6f8; }
td.text { text-align: left; }
.fail { color: #b42318; font-weight: 600; } .pass { color: #1a7f37; font-weight: 600; } code { word-break: break-all; }
</style></head><body>
<h1>evaltool compare — baseline {{ c.baseline }}</h1>
<p>Gate: {% if not c.gate_configured %}not configured{% elif failures %}<span class="fail">failed</span>{% else %}<span class="pass">passed</span>{% endif %}.
Each cell: score (difference to the baseline, paired-test p-value); ▼ = significantly worse, ▲ = significantly better (p &lt; {{ '%g'|format(c.p_level) }}).</p>
{% if failures %}<ul>{% for f in failures %}<li class="fail">{{ f }}</li>{% endfor %}</ul>{% endif %}
{% for title, rows, header in tables %}<h2>{{ title }}</h2>
<table><thead><tr>{% for h in header %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for v in row %}<td{% if header[loop.index0] in text_columns %} class="text"{% endif %}>{{ v }}</td>{% endfor %}</tr>{% endfor %}
</tbody></table>{% endfor %}
<h2>Signatures</h2><ul>{% for k, v in c.signatures.items() %}<li>{{ k }}: <code>{{ v }}</code></li>{% endfor %}</ul>
</body></html>
"""
_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def _rows(frame: pd.DataFrame, *, index: bool) -> tuple[list[list[Any]], list[str]]:
    header = ([frame.index.name or "system"] if index else []) + [str(c) for c in frame.columns]
    rows = [([k] if index else []) + ["" if pd.isna(v) else v for v in r] for k, r in frame.iterrows()]
    return rows, header


def comparison_html(comparison: Comparison) -> str:
    """A self-contained HTML page of the comparison (all text escaped)."""
    tables = [("Figures", *_rows(figures_table(comparison), index=True)),
              ("Flags by type and severity", *_rows(flags_table(comparison), index=False)),
              ("Documents", *_rows(documents_table(comparison), index=False)),
              ("Every flag (line: 1-based, in the input files)", *_rows(comparison.flagged, index=False))]
    return _ENV.from_string(_PAGE).render(c=comparison, failures=comparison.gate_failures, tables=tables,
                                          text_columns=_TEXT_COLUMNS)


# Columns of words and line lists, left-aligned in compare.html (figures stay right-aligned).
_TEXT_COLUMNS = frozenset({"system", "type", "severity", "evidence", "lines", "not in baseline", "doc_id"})
