"""report.html: one self-contained page (no network), every piece of text escaped by Jinja2."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .csv_report import worst_severity

_ENV = Environment(
    loader=PackageLoader("evaltool.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    keep_trailing_newline=True,
)


def render_report_html(report: dict[str, Any]) -> str:
    """Render a report.json dict as HTML; rows carry their worst flag severity for highlighting."""
    alignments = [
        {**a, "severity": worst_severity([f["severity"] for f in a["flags"]])}
        for a in report["alignments"]
    ]
    return _ENV.get_template("report.html.j2").render(r={**report, "alignments": alignments})
