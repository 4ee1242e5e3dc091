"""The words of a flag's evidence marked where they occur in a line's text, as safe HTML.

Evidence is free text written by the detectors ("src: 不会 | tgt: (none)", "src: 十万 (100000) |
tgt: 10,000 (10000); unmatched: …", "'北京' (Beijing; …)"); its phrases are the pieces between the
separators those texts use. The text is cut at the matches and every piece is escaped on its own, so
nothing in the text or the evidence can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

# Pieces of evidence: split at " | ", "; ", ", ", ": ", " → ", parentheses and quotes (not at the
# comma of "10,000" or the colon of "12:30").
_SEPARATORS = re.compile(r"\s*(?:\||;|,\s|:\s|→|\(|\)|['\"‘’“”«»「」『』])\s*")
# Words of the evidence's own wording, never looked for in the text.
_LABELS = frozenset({"src", "tgt", "ref", "unmatched"})
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
MIN_CHARS = 2  # shorter non-Chinese phrases ("a", "5") would mark noise


def evidence_phrases(evidence: str) -> list[str]:
    """The phrases of ``evidence`` worth looking for in a text, longest first."""
    pieces = {p.strip() for p in _SEPARATORS.split(evidence.replace("(none)", " | "))}
    kept = {p for p in pieces if p and p.casefold() not in _LABELS and (_CJK.search(p) or len(p) >= MIN_CHARS)}
    return sorted(kept, key=lambda p: (-len(p), p))


def _pattern(phrase: str) -> str:
    """A phrase as a regex; non-Chinese phrase ends do not match inside a word ("no" not in "know")."""
    body = re.escape(phrase)
    start = r"(?<!\w)" if phrase[0].isalnum() and not _CJK.match(phrase[0]) else ""
    end = r"(?!\w)" if phrase[-1].isalnum() and not _CJK.match(phrase[-1]) else ""
    return start + body + end


def _spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of the phrases' occurrences in ``text``, case-insensitive."""
    found = sorted(
        (m.start(), m.end())
        for phrase in phrases
        for m in re.finditer(_pattern(phrase), text, flags=re.IGNORECASE)
        if m.end() > m.start()
    )
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str | None, evidence: str) -> Markup:
    """``text`` as escaped HTML with the evidence's phrases in ``<mark>``; "" for no text."""
    if not text:
        return Markup("")
    parts: list[str] = []
    last = 0
    for start, end in _spans(text, evidence_phrases(evidence)):
        parts += [str(escape(text[last:start])), "<mark>", str(escape(text[start:end])), "</mark>"]
        last = end
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))
