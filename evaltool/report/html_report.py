"""report.html and index.html: self-contained pages (no network, no JS library), every text escaped by Jinja2."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .csv_report import SEVERITY_ORDER, worst_severity

_ENV = Environment(
    loader=PackageLoader("evaltool.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    keep_trailing_newline=True,
)

HISTOGRAM_BINS = 10
# Readable names for the score tiles of report.html; the report.json key shows on hover.
SCORE_LABELS = {
    "similarity": "similarity (mean cosine of aligned pairs)",
    "coverage": "coverage (share of source sentences translated)",
    "length_ratio": "length ratio (target ÷ source)",
    "src_sentences": "source sentences",
    "tgt_sentences": "target sentences",
    "beads": "aligned units",
    "units": "segments in the file",
}


def render_report_html(report: dict[str, Any]) -> str:
    """Render a report.json dict as HTML; rows carry their worst severity and flag types for the filters."""
    alignments = [
        {
            **a,
            "severity": worst_severity([f["severity"] for f in a["flags"]]),
            "types": sorted({f["type"] for f in a["flags"]}),
            "severities": [s for s in SEVERITY_ORDER if any(f["severity"] == s for f in a["flags"])],
        }
        for a in report["alignments"]
    ]
    types = sorted({f["type"] for a in alignments for f in a["flags"]})
    severities = [s for s in SEVERITY_ORDER if any(s in a["severities"] for a in alignments)]
    return _ENV.get_template("report.html.j2").render(
        r={**report, "alignments": alignments},
        filter_types=types,
        filter_severities=severities,
        chart=similarity_histogram([a["similarity"] for a in alignments if a["src"] and a["tgt"]]),
        labels=SCORE_LABELS,
    )


def risk(row: dict[str, Any]) -> float:
    """Critical and major flags per source sentence: how urgently a document needs a reviewer."""
    serious = row["severity"]["critical"] + row["severity"]["major"]
    return round(serious / max(row["src_sentences"], 1), 4)


def render_index_html(summary: dict[str, Any], reports: list[dict[str, Any]]) -> str:
    """index.html: documents sorted by risk (most urgent first), flag counts by type and severity,
    and similarity histograms as inline SVG, each linking to its DIR/<doc-id>/report.html."""
    sims = {
        r["doc_id"]: [a["similarity"] for a in r["alignments"] if a["src"] and a["tgt"]] for r in reports
    }
    rows = [
        {**d, "risk": risk(d), "chart": similarity_histogram(sims.get(d["doc_id"], []), width=160, height=36)}
        for d in summary["documents"]
    ]
    rows.sort(key=lambda d: (-d["risk"], -d["severity"]["critical"], d["doc_id"]))
    flag_types = sorted(summary["totals"]["flags"])
    return _ENV.get_template("index.html.j2").render(
        s=summary,
        rows=rows,
        flag_types=flag_types,
        severities=SEVERITY_ORDER,
        chart=similarity_histogram([x for values in sims.values() for x in values]),
    )


def similarity_histogram(values: list[float], *, width: int = 320, height: int = 90) -> dict[str, Any]:
    """Bars of an SVG histogram of similarities over [0, 1] (values outside are clamped), as plain numbers."""
    counts = [0] * HISTOGRAM_BINS
    for value in values:
        counts[min(HISTOGRAM_BINS - 1, max(0, int(value * HISTOGRAM_BINS)))] += 1
    top = max(counts) or 1
    bar_width = width / HISTOGRAM_BINS
    bars = []
    for i, n in enumerate(counts):
        h = round((height - 14) * n / top, 1)
        bars.append(
            {
                "x": round(i * bar_width + 1, 1),
                "y": round(height - 12 - h, 1),
                "w": round(bar_width - 2, 1),
                "h": h,
                "n": n,
                "low": round(i / HISTOGRAM_BINS, 1),
                "high": round((i + 1) / HISTOGRAM_BINS, 1),
            }
        )
    return {"width": width, "height": height, "bars": bars, "total": len(values)}
