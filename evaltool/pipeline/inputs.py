"""Folder mode's inputs: the files found, and the documents to evaluate with their final ids, in report order."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..ingest.documents import doc_id_for
from ..ingest.segments import XML_SUFFIXES
from ..ingest.units import SegmentFile
from ..paths import common_folder, relative_path
from ..records import Document, DocumentPair

TEXT_SUFFIXES = {".txt", ".text", ".md"}
# Found in folders too; .tsv/.csv/.jsonl are read as segments only when named directly.
FOLDER_SUFFIXES = TEXT_SUFFIXES | set(XML_SUFFIXES)
FOLDER_SEPARATOR = "__"


def find_documents(paths: Iterable[Path]) -> list[Path]:
    """Text files named directly, or found (recursively, sorted) in the folders given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES
            )
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"no such file or folder: {path}")
    if not found:
        raise InputError("no documents (.txt, .text, .md, .xlf, .xliff, .tmx) found in " + ", ".join(map(str, paths)))
    return found


@dataclass(frozen=True)
class Work:
    """One report to make: a document pair, a pre-aligned file, or a document without a counterpart.

    ``ref_lines``: (target line, reference line) pairs of a line-aligned pre-aligned file's reference.
    """

    doc_id: str
    item: DocumentPair | SegmentFile | Document
    ref_lines: tuple[tuple[str, str], ...] = ()

    @property
    def files(self) -> tuple[str, str]:
        """The files the report's source and target sides were read from ("" for no target)."""
        item = self.item
        if isinstance(item, DocumentPair):
            return item.src.source, item.tgt.source
        return (item.path, item.tgt_path or item.path) if isinstance(item, SegmentFile) else (item.source, "")

    @property
    def source(self) -> str:
        return self.files[0]


def plan_work(segment_files: Sequence[SegmentFile], pairs: Sequence[DocumentPair], singles: Sequence[Document]) -> list[Work]:
    """Every report of a folder run, with its final id, sorted by (id, source file) as reports are listed."""
    work = [Work(doc_id_for(Path(f.path)), f) for f in segment_files]
    work += [Work(p.doc_id, p) for p in pairs] + [Work(d.doc_id, d) for d in singles]
    work.sort(key=lambda w: (w.doc_id, w.source))
    root = common_folder(f for w in work for f in w.files)
    ids = unique_doc_ids(folder_doc_ids([(w.doc_id, w.source) for w in work], root=root))
    named = [Work(doc_id, w.item) for doc_id, w in zip(ids, work)]
    return sorted(named, key=lambda w: (w.doc_id, w.source))


def folder_doc_ids(documents: Sequence[tuple[str, str]], *, root: str) -> list[str]:
    """Ids of (id, source file) documents: same-named documents of different folders named by their folder,
    relative to the run root.

    ``root`` is the deepest folder holding every input file; ``L1/didi/doc01.zh.txt`` and
    ``L1/niutrans/doc01.zh.txt`` become ``didi__doc01`` and ``niutrans__doc01`` (one folder level
    per ``__``; a file in the root itself keeps its plain id). A name found in one folder only
    keeps its plain id, so single-folder runs are unchanged. The source file decides the folder.
    """
    folders: dict[str, set[str]] = {}
    for doc_id, source in documents:
        folders.setdefault(doc_id, set()).add(os.path.dirname(source))
    renamed = []
    for doc_id, source in documents:
        if len(folders[doc_id]) > 1:
            folder_path = Path(relative_path(os.path.dirname(source), root))
            parts = [part for part in folder_path.parts if part not in (".", "", folder_path.anchor)]
            if parts:
                doc_id = FOLDER_SEPARATOR.join([*parts, doc_id])
        renamed.append(doc_id)
    return renamed


def unique_doc_ids(doc_ids: Sequence[str]) -> list[str]:
    """Documents still sharing an id (a.txt and a.xlf of one folder) get distinct ids, ``a`` and ``a-2``,
    so no report overwrites another."""
    seen: dict[str, int] = {}
    unique = []
    for doc_id in doc_ids:
        count = seen.get(doc_id, 0)
        seen[doc_id] = count + 1
        unique.append(doc_id if count == 0 else f"{doc_id}-{count + 1}")
    return unique
