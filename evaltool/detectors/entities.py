"""Entity: URLs, e-mail addresses, @handles and placeholders that disappear or change.

These strings are copied, never translated, in either direction (en↔zh), so each one of the
source must stand verbatim in the target of its bead. A missing one is a ``major`` flag —
"changed" when the target holds an unmatched string of the same kind instead (a mistyped
URL, a renamed placeholder), "missing" otherwise; one the target adds is ``minor``.
Placeholders are the localization kinds: ``{name}``, ``{{name}}``, ``{0}``, ``%s``,
``%1$d``, ``${name}``. Names and acronyms in Latin script are checked by ``partial`` (zh→en)
and digits inside codes (A380, G20) by ``numbers``.

Written by hand because the job is a few regular expressions and a multiset difference;
localization QA tools (Xbench, Verifika) run the same check.
"""

from __future__ import annotations

import re
from collections import Counter

from ..records import Flag
from .base import MAJOR, MINOR, DetectionContext
from .registry import register

# ASCII classes on purpose: in Chinese text a Han character stands right beside them.
KINDS: dict[str, re.Pattern[str]] = {
    "URL": re.compile(r"(?:https?://|www\.)[!#-&*-;=?-Z_a-z~]+", re.IGNORECASE),
    "e-mail": re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    "handle": re.compile(r"(?<![A-Za-z0-9_@/.])@[A-Za-z_][A-Za-z0-9_]{1,30}(?![A-Za-z0-9_])"),
    "placeholder": re.compile(
        r"\{\{ *[A-Za-z0-9_.]+ *\}\}|\$\{[A-Za-z0-9_]+\}|\{[A-Za-z0-9_.]*\}|%(?:[0-9]+\$)?[sdfi@]"
    ),
}
_TRAILING = ".,;:!?"
_MARKUP = re.compile(r"</?[A-Za-z][^<>]{0,200}>")


def mask_verbatim(text: str) -> str:
    """``text`` with URLs, e-mail addresses, handles, placeholders and markup tags blanked out.

    The number and partial-omission checks read the rest, so that ``?id=42`` or ``alert(1)``
    inside such strings does not count as a number or a term a second time.
    """
    for pattern in (*KINDS.values(), _MARKUP):
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def find_entities(text: str) -> Counter[tuple[str, str]]:
    """(kind, string) of every entity in ``text``; URLs lose trailing punctuation."""
    found: Counter[tuple[str, str]] = Counter()
    taken: list[tuple[int, int]] = []
    for kind, pattern in KINDS.items():
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue  # the domain of an e-mail inside a URL, a handle inside an e-mail
            value = match.group().rstrip(_TRAILING) if kind == "URL" else match.group()
            found[(kind, value)] += 1
            taken.append(match.span())
    return found


@register("entity")
def detect_entities(ctx: DetectionContext) -> list[Flag]:
    """Compare the entities of each paired bead's source and target as multisets."""
    flags = []
    for index, bead in ctx.paired():
        src, tgt = find_entities(ctx.src_text(bead)), find_entities(ctx.tgt_text(bead))
        missing, added = src - tgt, tgt - src
        for (kind, value), count in sorted(missing.items()):
            for _ in range(count):
                instead = next((v for k, v in sorted(added.elements()) if k == kind), None)
                if instead is None:
                    evidence = f"{kind} missing in the translation: {value}"
                else:
                    evidence = f"{kind} changed: {value} → {instead}"
                    added[(kind, instead)] -= 1
                    added = +added
                flags.append(Flag("entity", MAJOR, evidence, index))
        for (kind, value), count in sorted(added.items()):
            flags += [Flag("entity", MINOR, f"{kind} added in the translation: {value}", index)] * count
    return flags
