"""An annotated copy of an XLIFF file: flagged segments carry evaltool's flags as notes and a review state.

The input was first read (and vetted) by ``ingest.xliff`` through defusedxml; the copy is made with
lxml so namespace prefixes, comments and processing instructions survive, with entity resolution,
DTD loading and network access off. The input file is only read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import InputError
from ..ingest.xliff import sub_segment_id, sub_segments_12

PRIORITY_12 = {"critical": "1", "major": "2", "minor": "3"}  # XLIFF 1.2 note priority 1 (high) … 10
PRIORITY_20 = PRIORITY_12  # XLIFF 2.0 uses the same 1 … 10 scale
SUBSTATE_20 = "evaltool:needs-review"
_AFTER_12 = ("source", "seg-source", "target", "context-group", "count-group", "prop-group", "note")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_blank_text=False,
    )


def _local(elem: Any) -> str:
    return etree.QName(elem).localname if isinstance(elem.tag, str) else ""


def _note_text(flag: dict[str, Any]) -> str:
    return f"evaltool {flag['type']} ({flag['severity']}): {flag['evidence']}"


def annotate_xliff(source: Path, report: dict[str, Any]) -> bytes:
    """The bytes of an annotated copy of ``source`` for a report.json dict of that file.

    XLIFF 1.2: ``<note from="evaltool" priority=…>`` per flag and ``state="needs-review-translation"``
    on the target; a flag of a ``<seg-source>`` sub-segment ``unit/mid`` goes on its trans-unit, its
    note starting ``segment MID:``. XLIFF 2.0: ``<note category="evaltool" priority=…>`` in the
    unit's ``<notes>`` and ``state="initial" subState="evaltool:needs-review"`` on the flagged segment.
    """
    try:
        tree = etree.parse(str(source), _parser())
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{source}: cannot re-read the XLIFF file for annotation: {exc}") from None
    root = tree.getroot()
    flags_by_unit: dict[str, list[dict[str, Any]]] = {}
    for flag in report.get("flags", []):
        flags_by_unit.setdefault(flag["unit_id"], []).append(flag)
    if report.get("format") == "xliff-2.0":
        _annotate_20(root, flags_by_unit)
    else:
        _annotate_12(root, flags_by_unit)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


def _file_prefixes(root: Any, key: str) -> list[tuple[Any, str]]:
    files = [f for f in root if _local(f) == "file"]
    return [(f, f"{f.get(key) or n}#" if len(files) > 1 else "") for n, f in enumerate(files, start=1)]


def _annotate_12(root: Any, flags_by_unit: dict[str, list[dict[str, Any]]]) -> None:
    ns = etree.QName(root).namespace
    for file, prefix in _file_prefixes(root, "original"):
        units = [e for e in file.iter() if _local(e) == "trans-unit"]
        for position, unit in enumerate(units, start=1):
            unit_id = prefix + (unit.get("id") or str(position))
            subs = sub_segments_12(unit)  # <seg-source> sub-segments: flags of "unit/mid" land here
            if subs is None:
                flags = [("", flag) for flag in flags_by_unit.get(unit_id, [])]
            else:
                flags = [
                    (f"segment {mid}: " if len(subs) > 1 else "", flag)
                    for mid, _, _ in subs
                    for flag in flags_by_unit.get(sub_segment_id(unit_id, mid, len(subs)), [])
                ]
            if not flags:
                continue
            for child in unit:
                if _local(child) == "target":
                    child.set("state", "needs-review-translation")
            anchor = max((i for i, c in enumerate(unit) if _local(c) in _AFTER_12), default=-1)
            for offset, (where, flag) in enumerate(flags, start=1):
                note = etree.Element(etree.QName(ns, "note") if ns else "note")
                note.set("from", "evaltool")
                note.set("priority", PRIORITY_12.get(flag["severity"], "5"))
                note.text = where + _note_text(flag)
                unit.insert(anchor + offset, note)
            _fix_tails(unit)


def _annotate_20(root: Any, flags_by_unit: dict[str, list[dict[str, Any]]]) -> None:
    ns = etree.QName(root).namespace
    q = (lambda name: etree.QName(ns, name)) if ns else (lambda name: name)
    for file, prefix in _file_prefixes(root, "id"):
        units = [e for e in file.iter() if _local(e) == "unit"]
        for position, unit in enumerate(units, start=1):
            unit_id = prefix + (unit.get("id") or str(position))
            segments = [c for c in unit if _local(c) == "segment"]
            flagged: list[tuple[Any, list[dict[str, Any]]]] = []
            for index, segment in enumerate(segments, start=1):
                seg_id = unit_id if len(segments) == 1 else f"{unit_id}/{segment.get('id') or index}"
                if seg_id in flags_by_unit:
                    flagged.append((segment, flags_by_unit[seg_id]))
            if not flagged:
                continue
            notes = next((c for c in unit if _local(c) == "notes"), None)
            if notes is None:
                notes = etree.Element(q("notes"))
                first_content = next(
                    (i for i, c in enumerate(unit) if _local(c) in ("originalData", "segment", "ignorable")), len(unit)
                )
                unit.insert(first_content, notes)
            for segment, flags in flagged:
                segment.set("state", "initial")
                segment.set("subState", SUBSTATE_20)
                for flag in flags:
                    note = etree.SubElement(notes, q("note"))
                    note.set("category", "evaltool")
                    note.set("priority", PRIORITY_20.get(flag["severity"], "5"))
                    note.set("appliesTo", "target")
                    where = f"segment {segment.get('id')}: " if len(segments) > 1 and segment.get("id") else ""
                    note.text = where + _note_text(flag)
            _fix_tails(notes)
            _fix_tails(unit)


def _fix_tails(parent: Any) -> None:
    """Give inserted elements the same indentation as their siblings, so the copy stays readable."""
    indent = None
    for child in parent:
        if child.tail and child.tail.strip() == "" and "\n" in child.tail:
            indent = child.tail
            break
    if indent is None:
        return
    if parent.text is None or not parent.text.strip():
        parent.text = parent.text or indent
    for child in parent[:-1]:
        if child.tail is None or not child.tail.strip():
            child.tail = indent
    last = parent[-1]
    if last.tail is None:
        last.tail = indent[:-2] if indent.endswith("  ") else indent
