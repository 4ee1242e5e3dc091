"""Glossaries (TSV/CSV/TBX) and do-not-translate lists, read into the terminology detector's settings.

The terms go into ``[detect.detectors.terminology]`` as data, so the detector reads no file and
the signature names the terms (by their number and hash, see ``config.recorded_detectors``).
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

from ..config import Config
from ..errors import InputError
from ._xml import XML_NS, inline_text, local, parse_xml
from .decode import read_text

# First-row cells that make it a header, not a term pair (case-insensitive).
HEADER_NAMES = frozenset({
    "source", "target", "src", "tgt", "source term", "target term", "term", "translation",
    "en", "zh", "english", "chinese", "en-us", "en-gb", "zh-cn", "zh-hans", "zh-tw", "zh-hant",
})
_TBX_ENTRIES = frozenset({"termEntry", "conceptEntry"})  # TBX 2 (ISO 30042:2008) and TBX 3 (2019)
_TBX_LANGS = frozenset({"langSet", "langSec"})


def read_glossary(path: Path, *, src_lang: str, tgt_lang: str, max_bytes: int) -> list[tuple[str, str]]:
    """(source term, target term) pairs: from a TBX file those of the two languages, from a TSV
    (also .txt) or CSV file the first two columns of each row (further columns are notes; a first
    row of column names such as "source<TAB>target" and lines starting with "#" are skipped)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".tbx", ".xml"):
        pairs = _read_tbx(path, src_lang=src_lang, tgt_lang=tgt_lang, max_bytes=max_bytes)
    elif suffix in (".tsv", ".txt", ".csv"):
        pairs = _read_table(path, csv_file=suffix == ".csv", max_bytes=max_bytes)
    else:
        raise InputError(f"glossary {path}: give a .tsv, .csv or .tbx file")
    if not pairs:
        raise InputError(f"glossary {path} holds no {src_lang}–{tgt_lang} term pairs")
    return pairs


def _read_table(path: Path, *, csv_file: bool, max_bytes: int) -> list[tuple[str, str]]:
    text, _ = read_text(path, max_bytes=max_bytes)
    lines = text.split("\n")
    try:
        rows = list(csv.reader(lines)) if csv_file else [line.split("\t") for line in lines]
    except csv.Error as exc:
        raise InputError(f"glossary {path}: not valid CSV ({exc})") from None
    pairs: list[tuple[str, str]] = []
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise InputError(
                f"glossary {path} line {number}: a row needs a source term and a target term "
                f"({'comma' if csv_file else 'tab'}-separated), found {' | '.join(cells)!r}"
            )
        if not pairs and {cells[0].casefold(), cells[1].casefold()} <= HEADER_NAMES:
            continue
        pairs.append((cells[0], cells[1]))
    return pairs


def _read_tbx(path: Path, *, src_lang: str, tgt_lang: str, max_bytes: int) -> list[tuple[str, str]]:
    root = parse_xml(path, max_bytes=max_bytes)
    if local(root.tag) not in ("martif", "tbx"):
        raise InputError(f"glossary {path}: not a TBX file (its root element is <{local(root.tag)}>, not <tbx> or <martif>)")
    pairs = []
    for entry in root.iter():
        if local(entry.tag) not in _TBX_ENTRIES:
            continue
        terms: dict[str, list[str]] = {src_lang: [], tgt_lang: []}
        for lang_set in entry:
            if local(lang_set.tag) not in _TBX_LANGS:
                continue
            lang = (lang_set.get(f"{XML_NS}lang") or lang_set.get("lang") or "").split("-")[0].lower()
            found = [inline_text(e) for e in lang_set.iter() if local(e.tag) == "term"]
            if lang in terms:
                terms[lang].extend(t for t in found if t)
        pairs += [(s, t) for s in terms[src_lang] for t in terms[tgt_lang]]
    return pairs


def read_dnt(path: Path, *, max_bytes: int) -> list[str]:
    """The do-not-translate terms: one a line; blank lines and lines starting with "#" are skipped."""
    text, _ = read_text(path, max_bytes=max_bytes)
    terms = [line.strip() for line in text.split("\n") if line.strip() and not line.strip().startswith("#")]
    if not terms:
        raise InputError(f"do-not-translate list {path} holds no terms")
    return terms


def with_terms(config: Config, *, glossary: Path | None, dnt: Path | None) -> Config:
    """``config`` with the terms of the glossary and do-not-translate files (those given) in
    ``[detect.detectors.terminology]``, in place of any the config file lists."""
    if glossary is None and dnt is None:
        return config
    limit = config.ingest.max_file_bytes
    table = dict(config.detect.detectors.get("terminology", {}))
    if glossary is not None:
        pairs = read_glossary(glossary, src_lang=config.src_lang, tgt_lang=config.tgt_lang, max_bytes=limit)
        table["glossary"] = tuple(pairs)
    if dnt is not None:
        table["dnt"] = tuple(read_dnt(dnt, max_bytes=limit))
    detectors = {**config.detect.detectors, "terminology": table}
    return replace(config, detect=replace(config.detect, detectors=detectors))
