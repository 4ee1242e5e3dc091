"""Safe XML parsing for XLIFF and TMX: defusedxml, no entities, no external references, one-line errors."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Iterator, Mapping
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from ..codes import code_marker
from ..errors import InputError
from .decode import _read_bytes

XML_NS = "{http://www.w3.org/XML/1998/namespace}"
# Elements nested deeper than this are refused: XLIFF and TMX need about ten levels, and the
# inline-text reader recurses once per level.
MAX_XML_DEPTH = 100
# More start tags than this are refused before parsing, so the tree cannot outgrow memory (a 50 MB
# file of empty elements would hold about 12 million).
MAX_XML_ELEMENTS = 2_000_000


def parse_xml(path: Path, *, max_bytes: int) -> Element:
    """The root element of an XML file; entity declarations, external references, bad XML and
    trees deeper than MAX_XML_DEPTH or larger than MAX_XML_ELEMENTS are refused."""
    data = _read_bytes(Path(path), max_bytes=max_bytes)
    tags = data.count(b"<") - data.count(b"</")  # start tags, plus any comments and declarations
    if tags > MAX_XML_ELEMENTS:
        raise InputError(f"{path}: about {tags:,} XML elements, over the limit of {MAX_XML_ELEMENTS:,}: "
                         "split it into smaller files")
    root: Element | None = None
    depth = 0
    try:
        events = iterparse(BytesIO(data), events=("start", "end"),
                           forbid_dtd=False, forbid_entities=True, forbid_external=True)
        for event, elem in events:
            if event == "end":
                depth -= 1
                continue
            root = elem if root is None else root
            depth += 1
            if depth > MAX_XML_DEPTH:
                raise InputError(f"{path}: XML nested more than {MAX_XML_DEPTH} elements deep "
                                 "(XLIFF, TMX and TBX need about ten levels)")
    except DefusedXmlException as exc:
        raise InputError(
            f"{path}: refused unsafe XML ({type(exc).__name__}): entity declarations and external "
            "references are not allowed"
        ) from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        reason = str(exc).split(":")[0]
        raise InputError(f"{path}: not well-formed XML at line {line}, column {column + 1}: {reason}") from None
    except (ValueError, LookupError) as exc:  # e.g. an unknown encoding declaration
        raise InputError(f"{path}: cannot parse XML: {exc}") from None
    if root is None:
        raise InputError(f"{path}: not well-formed XML at line 1, column 1: no element found")
    return root


def local(tag: object) -> str:
    """An element's name without its namespace ("{urn:…}unit" → "unit"); '' for comments/PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(elem: Element, name: str) -> Iterator[Element]:
    """Direct children with the given local name, in any namespace."""
    return (child for child in elem if local(child.tag) == name)


def first(elem: Element, name: str) -> Element | None:
    return next(children(elem, name), None)


# Codes wrapped around translatable text: the text stays, between ⟦g:1⟧ and ⟦/g:1⟧.
WRAPPERS = frozenset({"g", "pc"})


def inline_text(
    elem: Element | None, *, skip: frozenset[str] = frozenset(), codes: Mapping[str, tuple[str, ...]] | None = None
) -> str:
    """The text of a segment with inline markup, whitespace collapsed.

    A native code (``codes``: element → the attributes that may hold its id, first found wins)
    becomes a marker such as ``⟦ph:1⟧`` (see ``evaltool.codes``) and its content, original data,
    is dropped; a wrapper (``<g>``, ``<pc>``) keeps its text between ``⟦g:1⟧`` and ``⟦/g:1⟧``.
    Other markup (``<mrk>``, ``<hi>``) keeps its text, ``skip`` elements are dropped with their
    content and ``<cp hex="…"/>`` becomes its character.
    """
    if elem is None:
        return ""
    return " ".join(_text(elem, skip, codes or {}).split())


def _text(elem: Element, skip: frozenset[str], codes: Mapping[str, tuple[str, ...]]) -> str:
    parts = [elem.text or ""]
    for child in elem:
        name = local(child.tag)
        if name == "cp":
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except (ValueError, OverflowError):
                pass
        elif name in codes:
            ident = next((value for attr in codes[name] if (value := child.get(attr))), "")
            parts.append(code_marker(name, ident))
            if name in WRAPPERS:
                parts += [_text(child, skip, codes), code_marker(name, ident, closing=True)]
        elif name and name not in skip:
            parts.append(_text(child, skip, codes))
        parts.append(child.tail or "")
    return "".join(parts)
