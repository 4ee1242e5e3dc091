"""TMX 1.4 reader: one Segment per <tu>, source and target taken from its <tuv xml:lang> variants."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ._xml import XML_NS, children, first, inline_text, local, parse_xml
from .units import DEFAULT_MAX_BYTES, Segment, SegmentFile

# Inline codes → the attribute holding their id: i pairs <bpt> with <ept>, x matches the others
# between languages. They become markers (⟦bpt:1⟧) that the entity detector compares.
CODES_TMX = {"bpt": ("i",), "ept": ("i",), "ph": ("x",), "it": ("x",), "ut": ("x",)}
SKIP_TMX = frozenset({"sub"})


def _primary(code: str) -> str:
    return code.strip().lower().replace("_", "-").split("-")[0]


def read_tmx(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, src_lang: str | None = None, tgt_lang: str | None = None
) -> SegmentFile:
    """Read a TMX file. The source language is the header's ``srclang`` (``src_lang`` when the header
    says ``*all*`` or nothing); the target is the one other language in the file (``tgt_lang`` when
    there are several). Ids are ``tuid`` or the 1-based position of the <tu>."""
    root = parse_xml(path, max_bytes=max_bytes)
    if local(root.tag) != "tmx":
        raise InputError(f"{path}: not a TMX file: the root element is <{local(root.tag)}>, not <tmx>")
    header, body = first(root, "header"), first(root, "body")
    if body is None:
        raise InputError(f"{path}: TMX file has no <body>")
    units = []
    langs: dict[str, str] = {}  # primary subtag → first code seen
    for tu in children(body, "tu"):
        variants: dict[str, str] = {}
        for tuv in children(tu, "tuv"):
            code = tuv.get(f"{XML_NS}lang") or tuv.get("lang") or ""
            if not code:
                raise InputError(f"{path}: a <tuv> has no xml:lang")
            langs.setdefault(_primary(code), code)
            variants.setdefault(_primary(code), inline_text(first(tuv, "seg"), skip=SKIP_TMX, codes=CODES_TMX))
        units.append((tu, variants))
    if not units:
        raise InputError(f"{path}: TMX file holds no translation units (<tu>)")
    declared = header.get("srclang", "") if header is not None else ""
    if not declared or declared == "*all*":
        declared = src_lang or ""
    if not declared:
        raise InputError(f"{path}: TMX header has no source language (srclang); give the source language")
    src = _primary(declared)
    if src not in langs:
        raise InputError(f"{path}: source language {declared!r} does not occur in any <tuv>")
    others = [lang for lang in langs if lang != src]
    if len(others) == 1:
        tgt = others[0]
    elif tgt_lang:
        tgt = _primary(tgt_lang)
        if tgt not in others:
            raise InputError(f"{path}: target language {tgt_lang!r} does not occur in any <tuv>")
    else:
        found = ", ".join(langs[o] for o in others) or "none"
        raise InputError(f"{path}: cannot tell the target language (other languages: {found}); give it")
    segments = []
    for position, (tu, variants) in enumerate(units, start=1):
        notes = [inline_text(n, skip=frozenset()) for n in children(tu, "note")]
        segments.append(
            Segment(
                id=tu.get("tuid") or str(position),
                src=variants.get(src, ""),
                tgt=variants.get(tgt, ""),
                note="\n".join(n for n in notes if n),
            )
        )
    return SegmentFile(str(path), f"tmx-{root.get('version', '1.4')}", langs[src], langs[tgt], tuple(segments))
