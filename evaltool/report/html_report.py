"""report.html and index.html: self-contained pages (no network, no JS library), every text escaped by Jinja2."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..core import SEVERITIES
from ..wording import plural
from .csv_report import worst_severity
from .summary import GATE_NOT_CONFIGURED

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
    "beads": "rows (aligned sentence groups, including sentences with no counterpart)",
    "units": "segments in the file",
    "reference_sentences": "reference sentences",
}
# The legend's name of a figure whose report.json key is jargon.
LEGEND_NAMES = {"beads": "rows"}
# What each figure means and its range: a legend under the score tiles and the index table.
FIGURE_HELP = {
    "similarity": "mean cosine similarity of the embeddings of the rows that have both sides "
    "(−1 to 1, in practice 0 to 1; higher is closer in meaning). Rows without a counterpart are not averaged in.",
    "coverage": "share of source sentences that are in a row with a translation (0 to 1, i.e. 0–100 %).",
    "length_ratio": "target length ÷ source length, Chinese counted in characters (Han characters, plus one per "
    "Latin word or number; punctuation not counted) and English in words. No fixed range: read it against the "
    "language pair's norm, about 1.3–1.9 for en→zh and 0.55–0.8 for zh→en (10th–90th percentile of human "
    "translations of whole documents); far below the norm hints at omissions, far above at additions.",
    "beads": "rows of the alignment table (report.json calls them beads): each is a group of source sentences "
    "with the target sentences that translate them (one with one, two with one, …), or a sentence with no "
    "counterpart on the other side (left untranslated, or added by the translation).",
    "risk": "(critical + major flags) ÷ source sentences; minor flags do not count. 0 means no serious flag, "
    "0.10 one per ten sentences; above 1 when sentences carry several flags.",
    "order": "documents with critical flags come first, most critical flags first; then by risk, highest first; "
    "then by document id.",
    "files": "the source file → the target file (one file when both sides come from it), relative to the run's "
    "root folder.",
}


def render_report_html(report: dict[str, Any]) -> str:
    """Render a report.json dict as HTML; rows carry their worst severity and flag types for the filters."""
    alignments = [
        {
            **a,
            "severity": worst_severity([f["severity"] for f in a["flags"]]),
            "types": sorted({f["type"] for f in a["flags"]}),
            "severities": [s for s in SEVERITIES if any(f["severity"] == s for f in a["flags"])],
        }
        for a in report["alignments"]
    ]
    types = sorted({f["type"] for a in alignments for f in a["flags"]})
    severities = [s for s in SEVERITIES if any(s in a["severities"] for a in alignments)]
    return _ENV.get_template("report.html.j2").render(
        r={**report, "alignments": alignments},
        filter_types=types,
        filter_severities=severities,
        chart=similarity_histogram(similarity_counts(report)),
        labels=SCORE_LABELS,
        legend={LEGEND_NAMES.get(k, k): v for k, v in FIGURE_HELP.items() if k in report["scores"]},
    )


def similarity_counts(report: dict[str, Any]) -> list[int]:
    """A report's histogram of row similarities: rows per bin of [0, 1] (values outside are clamped),
    then a last count of the rows with one side only (1-0/0-1, no similarity)."""
    counts = [0] * (HISTOGRAM_BINS + 1)
    for row in report["alignments"]:
        if row["src"] and row["tgt"]:
            counts[min(HISTOGRAM_BINS - 1, max(0, int(row["similarity"] * HISTOGRAM_BINS)))] += 1
        else:
            counts[HISTOGRAM_BINS] += 1
    return counts


def numbered(numbers: list[int], noun: str, *, base: int = 0) -> str:
    """Sentences or file lines of one side of a row in words, counted from 1: "sentence 3",
    "lines 12–14" ("" when the side is empty); ``base`` 0 means the numbers count from 0."""
    if not numbers:
        return ""
    first, last = min(numbers) + 1 - base, max(numbers) + 1 - base
    return f"{noun} {first}" if first == last else f"{noun}s {first}–{last}"


def figure_text(value: float, name: str) -> str:
    """A score tile's figure as the index writes it: coverage in percent, similarity to 3 decimals,
    counts whole, other figures (length ratio, BLEU, chrF, TER) to 2 decimals."""
    if isinstance(value, int):
        return str(value)
    if name == "coverage":
        return f"{value:.0%}"
    return f"{value:.3f}" if name == "similarity" else f"{value:.2f}"


_ENV.filters["figure_text"] = figure_text
_ENV.filters["numbered"] = numbered
_ENV.filters["plural"] = plural


def risk_order(row: dict[str, Any]) -> tuple[int, float, str]:
    """Sort key of index.html: critical flags first (most first), then risk (highest first), then id.

    A critical flag (a flipped negation, a wrong number) outranks any number of major ones, so a
    document with one critical flag never hides behind documents with many major flags."""
    return (-row["severity"]["critical"], -row["risk"], row["doc_id"])


def risk(row: dict[str, Any]) -> float:
    """Critical and major flags per source sentence (0 and up; minor flags do not count):
    how urgently a document needs a reviewer."""
    serious = row["severity"]["critical"] + row["severity"]["major"]
    return round(serious / max(row["src_sentences"], 1), 4)


def render_index_html(summary: dict[str, Any], histograms: dict[str, list[int]]) -> str:
    """index.html: documents sorted by critical flags, then risk (``risk_order``), with their files,
    flag counts by type and severity and similarity histograms (``similarity_counts`` by doc_id) as
    inline SVG, each linking to its DIR/<doc-id>/report.html."""
    empty = [0] * (HISTOGRAM_BINS + 1)
    rows = [
        {**d, "risk": risk(d), "chart": similarity_histogram(histograms.get(d["doc_id"], empty), width=160, height=36)}
        for d in summary["documents"]
    ]
    rows.sort(key=risk_order)
    flag_types = sorted(summary["totals"]["flags"])
    run_counts = [sum(column) for column in zip(empty, *histograms.values())]
    return _ENV.get_template("index.html.j2").render(
        s=summary,
        rows=rows,
        flag_types=flag_types,
        severities=SEVERITIES,
        chart=similarity_histogram(run_counts),
        legend={k: FIGURE_HELP[k] for k in ("order", "risk", "files", "similarity", "coverage")},
        gate_not_configured=GATE_NOT_CONFIGURED,
    )


def similarity_histogram(counts_and_skipped: list[int], *, width: int = 320, height: int = 90) -> dict[str, Any]:
    """Bars of an SVG histogram (``similarity_counts``) as plain numbers; the rows with one side only
    (no similarity) are named in the caption."""
    counts, skipped = counts_and_skipped[:HISTOGRAM_BINS], counts_and_skipped[HISTOGRAM_BINS]
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
    return {"width": width, "height": height, "bars": bars, "total": sum(counts), "skipped": skipped}
