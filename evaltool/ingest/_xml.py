"""Safe XML parsing for XLIFF and TMX: defusedxml, no entities, no external references, one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import InputError
from .decode import _read_bytes

XML_NS = "{http://www.w3.org/XML/1998/namespace}"


def parse_xml(path: Path, *, max_bytes: int) -> Element:
    """The root element of an XML file; entity declarations, external references and bad XML are refused."""
    data = _read_bytes(Path(path), max_bytes=max_bytes)
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
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


def inline_text(elem: Element | None, *, skip: frozenset[str]) -> str:
    """The text of a segment with inline markup: kept for wrappers (g, pc, mrk, hi), dropped for native
    codes (``skip``: ph, bpt, ept, it …); ``<cp hex="…"/>`` becomes its character. Whitespace is collapsed."""
    if elem is None:
        return ""
    return " ".join(_text(elem, skip).split())


def _text(elem: Element, skip: frozenset[str]) -> str:
    parts = [elem.text or ""]
    for child in elem:
        name = local(child.tag)
        if name == "cp":
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except (ValueError, OverflowError):
                pass
        elif name and name not in skip:
            parts.append(_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)
