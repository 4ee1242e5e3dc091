"""Entity: URLs, e-mail addresses, @handles, placeholders and inline codes that disappear or change.

These strings are copied, never translated, in either direction (en↔zh), so each one of the
source must stand verbatim in the target of its bead. A missing one is a ``major`` flag —
"changed" when the target holds an unmatched string of the same kind instead (a mistyped
URL, a renamed placeholder), "missing" otherwise; one the target adds is ``minor``.
Placeholders are the localization kinds: ``{name}``, ``{{name}}``, ``{0}``, ``%s``,
``%1$d``, ``${name}``. Tags are the inline codes of XLIFF/TMX segments (a bold span, a line
break, a variable), which the readers write as markers such as ``⟦ph:1⟧`` (``evaltool.codes``):
they are matched by element and id; the end of a ``<g>``/``<pc>`` span (``⟦/g:1⟧``) is not
counted apart from its start, and a ``<bpt>``/``<ept>`` or ``<sc>``/``<ec>`` pair counts once.
Names and acronyms in Latin script are checked by ``partial`` (zh→en) and digits inside codes
(A380, G20) by ``numbers``.

The kinds are the compared part of the protected spans (``protected``), which the other
checks leave out.

Written by hand because the job is a few regular expressions and a multiset difference;
localization QA tools (Xbench, Verifika) run the same check.
"""

from __future__ import annotations

from collections import Counter

from ..records import Flag
from .base import MAJOR, MINOR, DetectionContext
from .protected import ENTITY_KINDS
from .registry import detector

_TRAILING = ".,;:!?"
_CODE_PAIRS = (("bpt", "ept"), ("sc", "ec"))


def find_entities(text: str) -> Counter[tuple[str, str]]:
    """(kind, string) of every entity in ``text``; URLs lose trailing punctuation."""
    found: Counter[tuple[str, str]] = Counter()
    taken: list[tuple[int, int]] = []
    for kind, pattern in ENTITY_KINDS.items():
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue  # the domain of an e-mail inside a URL, a handle inside an e-mail
            value = match.group().rstrip(_TRAILING) if kind == "URL" else match.group()
            found[(kind, value)] += 1
            taken.append(match.span())
    return _join_code_pairs(found)


def _join_code_pairs(found: Counter[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """A ``<bpt>``/``<ept>`` (or XLIFF 2 ``<sc>``/``<ec>``) pair with one id counts once, as
    ``⟦bpt:1⟧…⟦ept:1⟧``, so a lost bold span is one flag; an unpaired start or end counts alone."""
    for (kind, value), count in list(found.items()):
        for start, end in _CODE_PAIRS:
            if kind != "tag" or not value.startswith(f"⟦{start}:"):
                continue
            closing = value.replace(start, end, 1)
            both = min(count, found["tag", closing])
            found["tag", value] -= both
            found["tag", closing] -= both
            found["tag", f"{value}…{closing}"] += both
    return +found  # drops the zero counts


@detector(name="entity", column=7, mqm="Accuracy/Mistranslation", per_bead=True)
def detect_entities(ctx: DetectionContext) -> list[Flag]:
    """Compare the entities of each paired bead's source and target as multisets."""
    flags = []
    for index, bead in ctx.paired():
        src = find_entities(ctx.src_text(bead, codes=True))
        tgt = find_entities(ctx.tgt_text(bead, codes=True))
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
