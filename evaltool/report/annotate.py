"""An annotated copy of an XLIFF file: flagged segments carry evaltool's flags as notes and a review state.

The input was first read (and vetted) by ``ingest.xliff`` through defusedxml. The copy is the input's
own bytes with the notes and state attributes spliced in at the offsets expat reports, so the XML
declaration, attribute order, quoting, entity references and everything outside the flagged units stay
byte for byte as they were (no diff noise for CAT tools and version control). lxml, with entity
resolution, DTD loading and network access off, only finds which elements to change. The input file
is only read.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from ..errors import InputError
from ..ingest.xliff import sub_segment_id, sub_segments_12

PRIORITY_12 = {"critical": "1", "major": "2", "minor": "3"}  # XLIFF 1.2 note priority 1 (high) … 10
PRIORITY_20 = PRIORITY_12  # XLIFF 2.0 uses the same 1 … 10 scale
SUBSTATE_20 = "evaltool:needs-review"
_AFTER_12 = ("source", "seg-source", "target", "context-group", "count-group", "prop-group", "note")
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_INDENT_WINDOW = 512  # bytes looked back for the whitespace before an element
_ATTRIBUTE = re.compile(rb"""([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_blank_text=False,
    )


def _local(elem: Any) -> str:
    return etree.QName(elem).localname if isinstance(elem.tag, str) else ""


def _note_text(flag: dict[str, Any]) -> str:
    return f"evaltool {flag['type']} ({flag['severity']}): {flag['evidence']}"


class _Splice:
    """The input as UTF-8 bytes, each element's byte span, and the edits to make to them.

    A span is (start of the start tag, end of the start tag, start of the end tag, end of the element);
    an empty element (``<a/>``) has its last three equal. Elements are numbered in document order, as
    lxml's ``iter()`` yields them.
    """

    def __init__(self, data: bytes, encoding: str | None) -> None:
        self.bom, self.codec = b"", (encoding or "utf-8")
        for bom, codec in _BOMS:
            if data.startswith(bom):
                self.bom, self.codec = bom, codec
                break
        self.data = data[len(self.bom):].decode(self.codec).encode("utf-8")
        self.spans: list[list[int]] = []
        self.edits: list[tuple[int, int, bytes]] = []
        self._open: list[int] = []
        parser = expat.ParserCreate(encoding="UTF-8")  # overrides the declaration: the bytes are UTF-8 now
        parser.StartElementHandler = lambda name, attrs: self._start(parser.CurrentByteIndex)
        parser.EndElementHandler = lambda name: self._end(parser.CurrentByteIndex)
        parser.Parse(self.data, True)

    def _tag_end(self, start: int) -> int:
        """The offset just after the '>' closing the tag that starts at ``start`` (quotes respected)."""
        quote = 0
        for offset in range(start, len(self.data)):
            byte = self.data[offset]
            if quote:
                quote = 0 if byte == quote else quote
            elif byte in b"\"'":
                quote = byte
            elif byte == ord(">"):
                return offset + 1
        raise InputError("cannot re-read the XLIFF file for annotation: a tag is not closed")

    def _start(self, start: int) -> None:
        open_end = self._tag_end(start)
        empty = self.data[open_end - 2:open_end] == b"/>"
        self.spans.append([start, open_end, open_end if empty else -1, open_end if empty else -1])
        self._open.append(len(self.spans) - 1)

    def _end(self, offset: int) -> None:
        span = self.spans[self._open.pop()]
        if span[3] < 0:
            span[2], span[3] = offset, self._tag_end(offset)

    def indent(self, number: int) -> bytes:
        """The line break and indentation before element ``number``, or b"" when it does not start a line."""
        start = self.spans[number][0]
        head = self.data[max(0, start - _INDENT_WINDOW):start]  # a window, not the whole prefix: one flag, O(1)
        blank = head[len(head.rstrip(b" \t\r\n")):]
        if b"\n" not in blank:
            return b""
        line_end = blank.rfind(b"\n")
        return blank[line_end - 1 if blank[line_end - 1:line_end] == b"\r" else line_end:]

    def set_attributes(self, number: int, values: dict[str, str]) -> None:
        """Give element ``number`` these attribute values: in place where it has them, appended where not."""
        start, open_end = self.spans[number][:2]
        tag = self.data[start:open_end]
        present = {m.group(1).decode(): m for m in _ATTRIBUTE.finditer(tag)}
        appended = b""
        for name, value in values.items():
            if name in present:  # the new value inside the old quotes
                match = present[name]
                quote = match.group(2)[:1].decode()
                inner = escape(value, {quote: "&quot;" if quote == '"' else "&apos;"}).encode("utf-8")
                self.edits.append((start + match.start(2) + 1, start + match.end(2) - 1, inner))
            else:
                appended += b" " + name.encode() + b"=" + quoteattr(value).encode("utf-8")
        if appended:
            close = open_end - (2 if tag.endswith(b"/>") else 1)
            while self.data[close - 1:close].isspace():
                close -= 1
            self.edits.append((close, close, appended))

    def insert(self, offset: int, text: bytes) -> None:
        self.edits.append((offset, offset, text))

    def result(self) -> bytes:
        """The input with the edits made, back in its own encoding (and byte-order mark)."""
        out, pos = [], 0
        for start, end, text in sorted(self.edits, key=lambda edit: edit[0]):  # stable: inserts keep their order
            out += [self.data[pos:start], text]
            pos = end
        out.append(self.data[pos:])
        return self.bom + b"".join(out).decode("utf-8").encode(self.codec, errors="xmlcharrefreplace")


def annotate_xliff(source: Path, report: dict[str, Any]) -> bytes:
    """The bytes of an annotated copy of ``source`` for a report.json dict of that file.

    XLIFF 1.2: ``<note from="evaltool" priority=…>`` per flag and ``state="needs-review-translation"``
    on the target; a flag of a ``<seg-source>`` sub-segment ``unit/mid`` goes on its trans-unit, its
    note starting ``segment MID:``. XLIFF 2.0: ``<note category="evaltool" priority=…>`` in the
    unit's ``<notes>`` and ``state="initial" subState="evaltool:needs-review"`` on the flagged segment.
    Outside these notes and attributes the copy is the input, byte for byte.
    """
    try:
        data = source.read_bytes()
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
        splice = _Splice(data, tree.docinfo.encoding)
    except (OSError, ValueError, etree.XMLSyntaxError, expat.ExpatError) as exc:
        raise InputError(f"{source}: cannot re-read the XLIFF file for annotation: {exc}") from None
    root = tree.getroot()
    numbers = {elem: n for n, elem in enumerate(e for e in root.iter() if isinstance(e.tag, str))}
    if len(numbers) != len(splice.spans):
        raise InputError(f"{source}: cannot re-read the XLIFF file for annotation: its elements do not line up")
    flags_by_unit: dict[str, list[dict[str, Any]]] = {}
    for flag in report.get("flags", []):
        flags_by_unit.setdefault(flag["unit_id"], []).append(flag)
    if report.get("format") == "xliff-2.0":
        _annotate_20(root, flags_by_unit, splice, numbers)
    else:
        _annotate_12(root, flags_by_unit, splice, numbers)
    return splice.result()


def _file_prefixes(root: Any, key: str) -> list[tuple[Any, str]]:
    files = [f for f in root if _local(f) == "file"]
    return [(f, f"{f.get(key) or n}#" if len(files) > 1 else "") for n, f in enumerate(files, start=1)]


def _note(unit: Any, attributes: dict[str, str], text: str) -> bytes:
    """A ``<note>`` element in the unit's namespace prefix (the default namespace when it has none)."""
    name = f"{unit.prefix}:note" if unit.prefix else "note"
    attrs = "".join(f" {key}={quoteattr(value)}" for key, value in attributes.items())
    return f"<{name}{attrs}>{escape(text)}</{name}>".encode("utf-8")


def _annotate_12(
    root: Any, flags_by_unit: dict[str, list[dict[str, Any]]], splice: _Splice, numbers: dict[Any, int]
) -> None:
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
                    splice.set_attributes(numbers[child], {"state": "needs-review-translation"})
            anchor = next((c for c in reversed(unit) if _local(c) in _AFTER_12), None)
            if anchor is None:
                offset, indent = splice.spans[numbers[unit]][1], b""
            else:
                offset, indent = splice.spans[numbers[anchor]][3], splice.indent(numbers[anchor])
            for where, flag in flags:
                priority = PRIORITY_12.get(flag["severity"], "5")
                note = _note(unit, {"from": "evaltool", "priority": priority}, where + _note_text(flag))
                splice.insert(offset, indent + note)


def _annotate_20(
    root: Any, flags_by_unit: dict[str, list[dict[str, Any]]], splice: _Splice, numbers: dict[Any, int]
) -> None:
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
            notes: list[bytes] = []
            for segment, flags in flagged:
                splice.set_attributes(numbers[segment], {"state": "initial", "subState": SUBSTATE_20})
                for flag in flags:
                    where = f"segment {segment.get('id')}: " if len(segments) > 1 and segment.get("id") else ""
                    priority = PRIORITY_20.get(flag["severity"], "5")
                    attributes = {"category": "evaltool", "priority": priority, "appliesTo": "target"}
                    notes.append(_note(unit, attributes, where + _note_text(flag)))
            _add_notes_20(unit, notes, splice, numbers)


def _add_notes_20(unit: Any, notes: list[bytes], splice: _Splice, numbers: dict[Any, int]) -> None:
    """Append notes to the unit's ``<notes>``, or give the unit a ``<notes>`` before its content."""
    existing = next((c for c in unit if _local(c) == "notes"), None)
    if existing is None:
        name = f"{unit.prefix}:notes" if unit.prefix else "notes"
        block = f"<{name}>".encode() + b"".join(notes) + f"</{name}>".encode()
        content = next((c for c in unit if _local(c) in ("originalData", "segment", "ignorable")), None)
        if content is None:
            splice.insert(splice.spans[numbers[unit]][2], block)
        else:
            splice.insert(splice.spans[numbers[content]][0], block + splice.indent(numbers[content]))
        return
    start, open_end, close_start, end = splice.spans[numbers[existing]]
    children = [c for c in existing if isinstance(c.tag, str)]
    if children:  # after the last note, indented as it is
        indent = splice.indent(numbers[children[-1]])
        splice.insert(splice.spans[numbers[children[-1]]][3], b"".join(indent + note for note in notes))
    elif open_end == end:  # <notes/> becomes <notes>…</notes>
        tag = re.split(rb"[\s/>]", splice.data[start + 1:open_end], maxsplit=1)[0]
        splice.edits.append((open_end - 2, end, b">" + b"".join(notes) + b"</" + tag + b">"))
    else:
        splice.insert(close_start, b"".join(notes))
