"""Inline codes of XLIFF and TMX segments, written into the text as short markers.

The XLIFF and TMX readers replace each native inline code by a marker that names its element
and its id: ``<ph id="1"/>`` → ``⟦ph:1⟧``, ``<bpt i="2">&lt;b&gt;</bpt>`` → ``⟦bpt:2⟧``, and
the wrappers ``<g id="3">text</g>`` / ``<pc>`` → ``⟦g:3⟧text⟦/g:3⟧``. The markers stand where
the codes stood, so reports show them, and the entity detector compares the markers of a
source and its target like placeholders (kind ``tag``). Everything else — embeddings,
document scores and the other detectors — reads the text without them (``strip_codes``), so
a text with no marker is read exactly as before.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "⟦", "⟧"  # U+27E6/U+27E7: not written in running text, so no placeholder collides
# The code elements of XLIFF 1.2 (g x bx ex ph bpt ept it), XLIFF 2 (pc ph sc ec) and TMX (bpt ept ph it ut).
ELEMENTS = ("g", "x", "bx", "ex", "ph", "bpt", "ept", "it", "ut", "pc", "sc", "ec")
_NAME_ID = rf"(?:{'|'.join(ELEMENTS)})(?::[^\s⟦⟧]+)?"
CODE = re.compile(rf"⟦/?{_NAME_ID}⟧")  # ⟦ph:1⟧, ⟦x⟧ (no id), ⟦/g:3⟧ (the end of a wrapper)
CODE_START = re.compile(rf"⟦{_NAME_ID}⟧")  # every marker but the end of a wrapper
_ID_UNSAFE = re.compile(r"[^\w.:-]+")  # ids are NMTOKENs or numbers; anything else becomes _
_BETWEEN_WORDS = re.compile(rf"(?<=[A-Za-z0-9])(?:{CODE.pattern})+(?=[A-Za-z0-9])")
_SPACES = re.compile(r"  +")


def code_marker(element: str, ident: str = "", *, closing: bool = False) -> str:
    """The marker of one inline code: ``⟦ph:1⟧``; ``⟦ph⟧`` without an id; ``⟦/g:1⟧`` closes a wrapper."""
    ident = _ID_UNSAFE.sub("_", ident.strip())
    return f"{OPEN}{'/' if closing else ''}{element}{':' + ident if ident else ''}{CLOSE}"


def strip_codes(text: str) -> str:
    """``text`` without inline-code markers; unchanged (the same string) when it has none.

    A marker between two Latin letters or digits (a line break ``<x/>``) leaves a space, so
    words do not run together; the spaces a marker leaves on both sides become one.
    """
    if OPEN not in text or not CODE.search(text):
        return text
    return _SPACES.sub(" ", CODE.sub("", _BETWEEN_WORDS.sub(" ", text))).strip()
