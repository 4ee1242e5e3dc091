"""A DocReport as a plain, deterministic dict (the report.json schema)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..core import join
from ..records import Bead, Document, DocReport, Flag


def _flag_dict(flag: Flag, bead: Bead) -> dict[str, Any]:
    return {
        "type": flag.type,
        "severity": flag.severity,
        "evidence": flag.evidence,
        "bead": flag.bead,
        "src": list(bead.src),
        "tgt": list(bead.tgt),
    }


def _boilerplate(doc: Document | None, side: str) -> list[dict[str, Any]]:
    if doc is None:
        return []
    return [{"side": side, "line": b.line, "text": b.text, "reason": b.reason} for b in doc.boilerplate]


def _file_lines(doc: Document | None) -> list[int] | None:
    """The 1-based file line of each sentence, or None unless every sentence knows its line."""
    if doc is None or any(s.line is None for s in doc.sentences):
        return None
    return [s.paragraph for s in doc.sentences]


def report_to_dict(report: DocReport) -> dict[str, Any]:
    """The report.json content: ids, languages, scores, signature, alignments, flags, boilerplate.

    ``src``/``tgt`` of an alignment are 0-based sentence indices (boilerplate not counted);
    plain-text input adds ``src_lines``/``tgt_lines``, the 1-based file line of each of them,
    the numbering of ``boilerplate[].line``. ``confidence`` is the aligner's, ``possible_split`` marks
    a 1-0/0-1 bead that may be the rest of its neighbour's sentence (``Bead.possible_split``).
    """
    src, tgt = report.src, report.tgt
    src_lines, tgt_lines = _file_lines(src), _file_lines(tgt)
    flags_by_bead: dict[int, list[dict[str, Any]]] = {}
    flags = []
    for flag in report.flags:
        entry = _flag_dict(flag, report.beads[flag.bead])
        flags.append(entry)
        flags_by_bead.setdefault(flag.bead, []).append(entry)
    alignments = []
    for index, bead in enumerate(report.beads):
        alignment: dict[str, Any] = {"bead": index, "src": list(bead.src), "tgt": list(bead.tgt)}
        if src_lines is not None and tgt_lines is not None:
            alignment["src_lines"] = [src_lines[i] for i in bead.src]
            alignment["tgt_lines"] = [tgt_lines[j] for j in bead.tgt]
        alignment |= {
            "src_text": join([src.sentences[i].text for i in bead.src], src.lang),
            "tgt_text": join([tgt.sentences[j].text for j in bead.tgt], tgt.lang) if tgt else "",
            "similarity": round(bead.similarity, 4) if bead.src and bead.tgt else None,
            "confidence": round(bead.confidence, 3),
            "possible_split": bead.possible_split,
            "flags": [
                {k: f[k] for k in ("type", "severity", "evidence")}
                for f in flags_by_bead.get(index, [])
            ],
        }
        alignments.append(alignment)
    result = {
        "doc_id": report.doc_id,
        "src_lang": src.lang,
        "tgt_lang": tgt.lang if tgt else None,
        "src_file": src.source,
        "tgt_file": tgt.source if tgt else None,
        "paired": tgt is not None,
        "note": report.note,
        "scores": report.scores,
        "signature": report.signature,
        "flag_counts": _counts(report.flags),
        "alignments": alignments,
        "flags": flags,
        "boilerplate": _boilerplate(src, "src") + _boilerplate(tgt, "tgt"),
        "evaltool_version": __version__,
    }
    unit_ids: tuple[str, ...] = getattr(report, "unit_ids", ())
    if unit_ids:
        _add_units(result, report, unit_ids)
    return result


def _add_units(result: dict[str, Any], report: DocReport, unit_ids: tuple[str, ...]) -> None:
    """Pre-aligned files: each alignment and flag names the file's unit (its id, state and notes)."""
    segment_file = getattr(report, "segment_file", None)
    positions: tuple[int, ...] = getattr(report, "positions", ())
    segments = segment_file.segments if segment_file is not None else ()
    result["format"] = segment_file.format if segment_file is not None else ""
    result["unit_ids"] = list(unit_ids)
    for alignment, unit_id in zip(result["alignments"], unit_ids):
        alignment["unit_id"] = unit_id
        if positions and segments:
            segment = segments[positions[alignment["bead"]]]
            alignment["unit_state"] = segment.state
            alignment["unit_note"] = segment.note
    for flag in result["flags"]:
        flag["unit_id"] = unit_ids[flag["bead"]]


def _counts(flags: tuple[Flag, ...]) -> dict[str, dict[str, int]]:
    """Flags counted by type and severity, keys sorted for stable output."""
    counts: dict[str, dict[str, int]] = {}
    for flag in flags:
        by_severity = counts.setdefault(flag.type, {})
        by_severity[flag.severity] = by_severity.get(flag.severity, 0) + 1
    return {t: dict(sorted(s.items())) for t, s in sorted(counts.items())}
