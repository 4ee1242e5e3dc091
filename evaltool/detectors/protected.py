"""Protected spans: strings a translation copies verbatim, kept out of the language checks.

URLs, e-mail addresses, @handles, #hashtags, placeholders (``{0}``, ``%s``), the inline-code
markers of XLIFF/TMX (``⟦ph:1⟧``, ``evaltool.codes``), markup tags and inline code
(`` `x` ``), and IDs (canary strings, order numbers: long letter-and-digit tokens). Their
letters and digits are no untranslated text, no number, no negation ("no-reply@…") and no
term to render: the untranslated, number, negation and partial-omission checks read the text
with them blanked out (``mask_protected``), so a text that is nothing but such spans (a URL
line) is never untranslated. The entity check is the one that
compares them (``ENTITY_KINDS``).
"""

from __future__ import annotations

import re

from ..codes import CODE, CODE_START

# ASCII classes on purpose: in Chinese text a Han character stands right beside them.
ENTITY_KINDS: dict[str, re.Pattern[str]] = {
    "URL": re.compile(r"(?:https?://|www\.)[!#-&*-;=?-Z_a-z~]+", re.IGNORECASE),
    "e-mail": re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    "handle": re.compile(r"(?<![A-Za-z0-9_@/.])@[A-Za-z_][A-Za-z0-9_]{1,30}(?![A-Za-z0-9_])"),
    "placeholder": re.compile(
        r"\{\{ *[A-Za-z0-9_.]+ *\}\}|\$\{[A-Za-z0-9_]+\}|\{[A-Za-z0-9_.]*\}|%(?:[0-9]+\$)?[sdfi@]"
    ),
    "tag": CODE_START,  # an inline code; the end of a <g>/<pc> span is not counted apart from its start
}
# Kept out of the checks but not compared by the entity check: translators may render a
# handle's name in Chinese (@团队42 for @team42), and hashtags and IDs are not localization entities.
_MASKED_ONLY = (
    CODE,  # the end of a <g>/<pc> wrapper too
    re.compile(r"</?[A-Za-z][^<>]{0,200}>"),  # markup tags
    re.compile(r"`[^`\n]{1,200}`"),  # inline code
    re.compile(r"(?<![A-Za-z0-9_@/.])@[^\s\d@,，。:：;；!！?？()（）]{1,20}?\d+(?!\d)"),  # a handle ending in digits: @团队42
    re.compile(r"(?<![A-Za-z0-9_&#/])#[A-Za-z][A-Za-z0-9_]{1,50}"),  # #hashtag
    # IDs: eight or more letters, digits, - and _, with at least two letters and three digits and a
    # letter right beside a digit (canary-7f3a9c21x, A7K2M9Q4X1; not 200-billion-dollar, COVID-19).
    re.compile(r"(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*(?:[A-Za-z]\d|\d[A-Za-z]))(?=(?:[A-Za-z_-]*\d){3})(?=(?:[^A-Za-z]*[A-Za-z]){2})[A-Za-z0-9][A-Za-z0-9_-]{6,}[A-Za-z0-9](?![A-Za-z0-9_-])"),
)
_PATTERNS = (*ENTITY_KINDS.values(), *_MASKED_ONLY)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every protected span of ``text``, in order; overlapping ones merged."""
    spans = sorted(m.span() for pattern in _PATTERNS for m in pattern.finditer(text) if m.end() > m.start())
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mask_protected(text: str) -> str:
    """``text`` with its protected spans replaced by spaces (positions kept), so that ``?id=42``
    inside a URL is no number and ``no-reply@`` no negation."""
    for start, end in protected_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
