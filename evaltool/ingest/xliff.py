"""XLIFF 1.2 and 2.0 reader: one Segment per trans-unit (1.2) or per <segment> of a unit (2.0).

A 1.2 trans-unit whose ``<seg-source>`` holds ``<mrk mtype="seg">`` sub-segments (SDL Trados,
memoQ, Okapi) gives one Segment per ``mid``, paired with the target's ``<mrk>`` of the same ``mid``.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from ..errors import InputError
from ._xml import children, first, inline_text, local, parse_xml
from .units import DEFAULT_MAX_BYTES, Segment, SegmentFile

# Inline codes, each → the attribute(s) holding the id that matches it between source and target;
# they become markers (⟦ph:1⟧, ⟦g:1⟧text⟦/g:1⟧) that the entity detector compares.
CODES_12 = {name: ("id",) for name in ("g", "x", "bx", "ex", "ph", "bpt", "ept", "it")}
CODES_20 = {"pc": ("id",), "ph": ("id",), "sc": ("id",), "ec": ("startRef", "id")}
# Dropped with their content: sub-flows inside codes, 2.0 annotation markers (<sm>/<em>).
SKIP_12 = frozenset({"sub"})
SKIP_20 = frozenset({"sm", "em", "originalData"})


def xliff_version(root: Element) -> str:
    """'1.2' or '2.0' (any 2.x), from the version attribute or the namespace."""
    if local(root.tag) != "xliff":
        raise InputError(f"not an XLIFF file: the root element is <{local(root.tag)}>, not <xliff>")
    version = root.get("version", "")
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if version.startswith("2") or namespace.endswith(":2.0") or ":document:2." in namespace:
        return "2.0"
    if version.startswith("1") or ":document:1." in namespace or not version:
        return "1.2"
    raise InputError(f"unsupported XLIFF version {version!r} (1.2 and 2.0 are read)")


def read_xliff(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SegmentFile:
    """Read an XLIFF 1.2 or 2.0 file; unit ids are kept (prefixed by the file when there are several)."""
    root = parse_xml(path, max_bytes=max_bytes)
    try:
        version = xliff_version(root)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    if version == "2.0":
        src_lang, tgt_lang, segments = root.get("srcLang", ""), root.get("trgLang", ""), list(_units_20(root))
    else:
        files = list(children(root, "file"))
        src_lang = files[0].get("source-language", "") if files else ""
        tgt_lang = files[0].get("target-language", "") if files else ""
        segments = list(_units_12(root))
    if not segments:
        raise InputError(f"{path}: XLIFF {version} file holds no translation units")
    return SegmentFile(str(path), f"xliff-{version}", src_lang, tgt_lang, tuple(segments))


def _units_12(root: Element):
    files = list(children(root, "file"))
    for number, file in enumerate(files, start=1):
        prefix = f"{file.get('original') or number}#" if len(files) > 1 else ""
        for position, unit in enumerate((e for e in file.iter() if local(e.tag) == "trans-unit"), start=1):
            unit_id = prefix + (unit.get("id") or str(position))
            target = first(unit, "target")
            notes = [inline_text(n, skip=frozenset()) for n in children(unit, "note")]
            state = target.get("state", "") if target is not None else ""
            note = "\n".join(n for n in notes if n)
            subs = sub_segments_12(unit)
            if subs is None:
                yield Segment(
                    id=unit_id,
                    src=inline_text(first(unit, "source"), skip=SKIP_12, codes=CODES_12),
                    tgt=inline_text(target, skip=SKIP_12, codes=CODES_12),
                    state=state,
                    note=note,
                )
                continue
            for mid, src_marks, tgt_marks in subs:
                yield Segment(
                    id=sub_segment_id(unit_id, mid, len(subs)),
                    src=_marks_text(src_marks),
                    tgt=_marks_text(tgt_marks),
                    state=state,
                    note=note,
                )


def _seg_marks(elem: Element | None) -> list[tuple[str, Element]]:
    """(mid, element) of every ``<mrk mtype="seg">`` under ``elem`` in document order, outermost only
    (they may sit inside a ``<g>``; ``<sub>`` flows are skipped). A mark without ``mid`` takes its
    1-based position among the marks."""
    found: list[Element] = []

    def walk(parent: Element) -> None:
        for child in parent:
            name = local(child.tag)
            if name == "mrk" and child.get("mtype") == "seg":
                found.append(child)
            elif name and name not in SKIP_12:
                walk(child)

    if elem is not None:
        walk(elem)
    return [(mark.get("mid") or str(index), mark) for index, mark in enumerate(found, start=1)]


def sub_segments_12(unit: Element) -> list[tuple[str, list[Element], list[Element]]] | None:
    """The sub-segments of an XLIFF 1.2 trans-unit as (mid, source marks, target marks), or None when
    the unit is read whole (no ``<seg-source>`` with ``<mrk mtype="seg">``, or a target with text but
    no such marks, which cannot be split).

    Sub-segments follow the seg-source order; a mid missing from the target has no target marks (an
    omission); a target mid absent from the seg-source is a sub-segment of its own with no source
    marks (an addition), after the others; marks repeating a mid are read together. Text outside the
    marks (the spaces between sentences) is not read. Works on ElementTree and lxml elements alike.
    """
    source_marks = _seg_marks(first(unit, "seg-source"))
    if not source_marks:
        return None
    target = first(unit, "target")
    target_marks = _seg_marks(target)
    if not target_marks and inline_text(target, skip=SKIP_12, codes=CODES_12):
        return None
    subs: dict[str, tuple[list[Element], list[Element]]] = {}
    for mid, mark in source_marks:
        subs.setdefault(mid, ([], []))[0].append(mark)
    for mid, mark in target_marks:
        subs.setdefault(mid, ([], []))[1].append(mark)
    return [(mid, src, tgt) for mid, (src, tgt) in subs.items()]


def sub_segment_id(unit_id: str, mid: str, count: int) -> str:
    """The Segment id of sub-segment ``mid``: ``unit/mid``, or the unit's id when it has only one."""
    return unit_id if count == 1 else f"{unit_id}/{mid}"


def _marks_text(marks: list[Element]) -> str:
    return " ".join(t for t in (inline_text(m, skip=SKIP_12, codes=CODES_12) for m in marks) if t)


def _units_20(root: Element):
    files = list(children(root, "file"))
    for number, file in enumerate(files, start=1):
        prefix = f"{file.get('id') or number}#" if len(files) > 1 else ""
        for position, unit in enumerate((e for e in file.iter() if local(e.tag) == "unit"), start=1):
            unit_id = prefix + (unit.get("id") or str(position))
            notes_elem = first(unit, "notes")
            notes = [inline_text(n, skip=frozenset()) for n in children(notes_elem, "note")] if notes_elem is not None else []
            segs = list(children(unit, "segment"))
            for index, seg in enumerate(segs, start=1):
                seg_id = unit_id if len(segs) == 1 else f"{unit_id}/{seg.get('id') or index}"
                yield Segment(
                    id=seg_id,
                    src=inline_text(first(seg, "source"), skip=SKIP_20, codes=CODES_20),
                    tgt=inline_text(first(seg, "target"), skip=SKIP_20, codes=CODES_20),
                    state=seg.get("state", "initial"),
                    note="\n".join(n for n in notes if n),
                )
