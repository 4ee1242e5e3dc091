"""The run summary (summary.json / summary.md) and the quality gate."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..config import Config
from ..core import SEVERITIES
from ..paths import common_folder, relative_path
from ..wording import plural

# Where a run without a gate points for shipping decisions (in the evaltool sources).
EXAMPLE_GATE_CONFIG = "data/examples/localization_qa.toml"
GATE_NOT_CONFIGURED = (
    "not configured (set --max-critical / --min-coverage or [gate] in a config; "
    f"for a ship/no-ship decision start from {EXAMPLE_GATE_CONFIG} in the evaltool sources)"
)


def run_root(reports: list[dict[str, Any]]) -> str:
    """The folder the file paths of the summary are relative to: the deepest one holding every input file."""
    return common_folder(f for r in reports for f in (r.get("src_file") or "", r.get("tgt_file") or ""))


def _severity_totals(flag_counts: dict[str, dict[str, int]]) -> dict[str, int]:
    return {s: sum(by_sev.get(s, 0) for by_sev in flag_counts.values()) for s in SEVERITIES}


SUMMARY_SCORES = ("src_sentences", "tgt_sentences", "similarity", "coverage")


def summary_entry(report: dict[str, Any]) -> dict[str, Any]:
    """What the run summary and its gate keep of a report (report.json's dict): its headline figures,
    so a run's memory does not grow with the reports' rows."""
    keep = ("doc_id", "src_file", "tgt_file", "paired", "src_lang", "tgt_lang", "flag_counts", "note")
    return {
        **{k: report.get(k) for k in keep},
        "scores": {k: report["scores"][k] for k in SUMMARY_SCORES if k in report["scores"]},
        "boilerplate": len(report["boilerplate"]),
    }


def document_row(report: dict[str, Any], root: str = "") -> dict[str, Any]:
    """One summary line per document (a ``summary_entry``); its files relative to ``root``."""
    scores = report["scores"]
    tgt_file = report.get("tgt_file")
    return {
        "doc_id": report["doc_id"],
        "src_file": relative_path(report.get("src_file") or "", root),
        "tgt_file": relative_path(tgt_file, root) if tgt_file else None,
        "paired": report["paired"],
        "src_lang": report["src_lang"],
        "tgt_lang": report["tgt_lang"],
        "src_sentences": scores.get("src_sentences", 0),
        "tgt_sentences": scores.get("tgt_sentences", 0),
        "similarity": scores.get("similarity"),
        "coverage": scores.get("coverage"),
        "boilerplate": report["boilerplate"],
        "flags": report["flag_counts"],
        "severity": _severity_totals(report["flag_counts"]),
        "note": report["note"],
        "report": f"{report['doc_id']}/report.json",
    }


def gate_failures(reports: list[dict[str, Any]], config: Config) -> list[str]:
    """Human-readable reasons the quality gate fails (empty list: it passes)."""
    gate, failures = config.gate, []
    if gate.max_critical is not None:
        critical = sum(_severity_totals(r["flag_counts"])["critical"] for r in reports)
        if critical > gate.max_critical:
            failures.append(f"{plural(critical, 'critical flag')} (at most {gate.max_critical} allowed)")
    if gate.max_unpaired is not None:
        unpaired = [r["doc_id"] for r in reports if not r["paired"]]
        if len(unpaired) > gate.max_unpaired:
            shown = ", ".join(unpaired[:5]) + (", …" if len(unpaired) > 5 else "")
            failures.append(f"{plural(len(unpaired), 'document')} without a translation (at most {gate.max_unpaired} "
                            f"allowed): {shown}")
    if gate.min_coverage is not None:
        for r in reports:
            coverage = r["scores"].get("coverage")
            if r["paired"] and coverage is not None and coverage < gate.min_coverage:
                failures.append(f"{r['doc_id']}: coverage {coverage:.2%} below {gate.min_coverage:.2%}")
    return failures


def gate_configured(config: Config) -> bool:
    """Whether `run` has any gate check to apply."""
    gate = config.gate
    return gate.max_critical is not None or gate.min_coverage is not None or gate.max_unpaired is not None


def summary_to_dict(
    reports: list[dict[str, Any]], *, config: Config, model: str, signature: str
) -> dict[str, Any]:
    """summary.json: every document's headline figures, totals, the gate result and the settings;
    ``reports`` are ``summary_entry`` dicts."""
    root = run_root(reports)
    rows = [document_row(r, root) for r in reports]
    totals: dict[str, dict[str, int]] = {}
    for r in reports:
        for flag_type, by_sev in r["flag_counts"].items():
            bucket = totals.setdefault(flag_type, {})
            for sev, n in by_sev.items():
                bucket[sev] = bucket.get(sev, 0) + n
    failures = gate_failures(reports, config)
    return {
        "evaltool_version": __version__,
        "model": model,
        "signature": signature,
        "root": root,
        "documents": rows,
        "totals": {
            "documents": len(rows),
            "paired": sum(1 for r in rows if r["paired"]),
            "flags": {t: dict(sorted(s.items())) for t, s in sorted(totals.items())},
            "severity": _severity_totals(totals),
        },
        "gate": {"configured": gate_configured(config), "passed": not failures, "failures": failures},
        "config": config.to_dict(),
    }


def _cell(value: Any) -> str:
    text = "–" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _gate_word(gate: dict[str, Any]) -> str:
    if not gate["configured"]:
        return GATE_NOT_CONFIGURED
    return "passed" if gate["passed"] else "FAILED"


def files_text(row: dict[str, Any]) -> str:
    """A summary row's files: "source → target", or one file (bilingual, pre-aligned, or unpaired)."""
    src, tgt = row.get("src_file") or "", row.get("tgt_file") or ""
    if not tgt or tgt == src:
        return src or "–"
    return f"{src} → {tgt}"


def _totals_line(totals: dict[str, Any]) -> str:
    """The run's flag totals in one sentence: by severity, then by type."""
    severity = ", ".join(f"{totals['severity'][s]} {s}" for s in SEVERITIES)
    by_type = ", ".join(f"{t} {sum(s.values())}" for t, s in totals["flags"].items())
    return f"Flags in all documents: {severity}" + (f" ({by_type})." if by_type else ".")


def summary_markdown(summary: dict[str, Any]) -> str:
    """summary.md: a table a QA lead can paste into a ticket or pull request."""
    root = summary.get("root") or ""
    lines = [
        "# evaltool run summary",
        "",
        f"{plural(summary['totals']['documents'], 'document')}, {summary['totals']['paired']} paired. "
        f"Gate: {_gate_word(summary['gate'])}.",
        "",
        _totals_line(summary["totals"]),
        "",
        *([f"Files relative to {_cell(root)}.", ""] if root else []),
        "| document | files | pair | sentences (src/tgt) | similarity | coverage | critical | major | minor | flags "
        "| boilerplate | note |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for d in summary["documents"]:
        pair = f"{d['src_lang']}→{d['tgt_lang']}" if d["paired"] else f"{d['src_lang']} only"
        flags = ", ".join(f"{t} {sum(s.values())}" for t, s in d["flags"].items())
        lines.append(
            "| "
            + " | ".join(
                _cell(v)
                for v in (
                    d["doc_id"],
                    files_text(d),
                    pair,
                    f"{d['src_sentences']}/{d['tgt_sentences']}" if d["paired"] else d["src_sentences"],
                    None if d["similarity"] is None else f"{d['similarity']:.3f}",
                    None if d["coverage"] is None else f"{d['coverage']:.0%}",
                    d["severity"]["critical"],
                    d["severity"]["major"],
                    d["severity"]["minor"],
                    flags or "none",
                    d["boilerplate"],
                    d["note"],
                )
            )
            + " |"
        )
    for failure in summary["gate"]["failures"]:
        lines.append(f"\n- gate: {failure}")
    lines += ["", f"Signature: `{summary['signature']}`", ""]
    return "\n".join(lines)
