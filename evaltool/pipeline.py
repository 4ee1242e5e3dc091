"""Wires the stages: ingest → segment → embed → align → score → detect. Nothing else knows the order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sacrebleu import sentence_chrf

from .align import align_sentences
from .codes import strip_codes
from .config import Config
from .detectors import DetectionContext, run_detectors
from .embed import CachedEmbedder, load_embedder
from .errors import InputError
from .ingest import check_lang, load_document, load_document_parts
from .ingest.documents import doc_id_for
from .ingest.segments import XML_SUFFIXES, SegmentFile, is_segment_file, read_segments
from .metrics import corpus_scores, document_scores
from .pairing import pair_documents
from .records import Bead, Document, DocumentPair, DocReport, Sentence
from .report.summary import common_folder, relative_path
from .signature import evaltool_signature

TEXT_SUFFIXES = {".txt", ".text", ".md"}
# Found in folders too; .tsv/.csv/.jsonl are read as segments only when named directly.
FOLDER_SUFFIXES = TEXT_SUFFIXES | set(XML_SUFFIXES)


@dataclass(frozen=True)
class RunResult:
    """All document reports of one run, with the settings that made them."""

    reports: tuple[DocReport, ...]
    config: Config
    model: str
    signature: str


def evaluate_pair(pair: DocumentPair, *, embedder: CachedEmbedder, config: Config) -> DocReport:
    """Align, score and flag one source/target document pair."""
    src, tgt = pair.src.texts, pair.tgt.texts
    beads = align_sentences(
        src, tgt, embedder, config=config.align, src_lang=pair.src.lang, tgt_lang=pair.tgt.lang
    )
    scores: dict[str, Any] = document_scores(
        beads, src, tgt, src_lang=pair.src.lang, tgt_lang=pair.tgt.lang
    )
    if pair.ref is not None:
        scores.update(_reference_scores(pair.tgt, pair.ref))
    context = DetectionContext(
        src=tuple(src),
        tgt=tuple(tgt),
        beads=tuple(beads),
        src_lang=pair.src.lang,
        tgt_lang=pair.tgt.lang,
        config=config.detect,
        embedder=embedder,
    )
    return DocReport(
        doc_id=pair.doc_id,
        src=pair.src,
        tgt=pair.tgt,
        beads=tuple(beads),
        flags=tuple(run_detectors(context)),
        scores=scores,
        signature=evaltool_signature(config, model=embedder.name),
    )


def _reference_scores(tgt: Document, ref: Document) -> dict[str, Any]:
    """BLEU/chrF/TER of the target against a reference, sentence by sentence when the sentence
    counts match. Otherwise BLEU and chrF of the whole texts, without TER: sacrebleu's TER searches
    its edits in a beam, and on one document-long segment it reports nonsense (FLORES, 20 sentences
    against the same text less its last 2: 55 for Chinese, 68 for English)."""
    hyps, refs = tgt.texts, ref.texts
    metrics: tuple[str, ...] = ("BLEU", "chrF", "TER")
    unit = "sentence"
    if len(hyps) != len(refs):
        joiner = "" if tgt.lang == "zh" else " "
        hyps, refs = [joiner.join(hyps)], [joiner.join(refs)]
        metrics, unit = ("BLEU", "chrF"), "whole text"
    result = corpus_scores(hyps, [refs], tgt_lang=tgt.lang, metrics=metrics)
    signatures = result.pop("signatures")
    return {**result, "reference_unit": unit, "reference_sentences": len(ref.texts), "reference_signatures": signatures}


def unpaired_report(doc: Document, *, config: Config, model: str) -> DocReport:
    """A report for a document with no counterpart: language, sentence count, boilerplate."""
    return DocReport(
        doc_id=doc.doc_id,
        src=doc,
        tgt=None,
        scores={"src_sentences": len(doc.sentences)},
        signature=evaltool_signature(config, model=model),
        note=f"no counterpart found: no translation of this {doc.lang} document among the inputs",
    )


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


def evaluate_paths(
    paths: Sequence[Path],
    *,
    config: Config,
    on_document: Callable[[str, int], None] | None = None,
) -> RunResult:
    """Evaluate every document in files/folders: bilingual files are split, zh/en files paired.

    All inputs are read and checked before any evaluation, so bad input stops the run
    before a single report is written. ``on_document(doc_id, total)`` is called after each
    document, ``total`` being the number of documents the run will report.
    """
    found = find_documents(paths)
    limit = config.ingest.max_file_bytes
    segment_files = [
        read_segments(path, max_bytes=limit, src_lang=config.src_lang, tgt_lang=config.tgt_lang)
        for path in found if is_segment_file(path)
    ]
    parts = [
        part for path in found if not is_segment_file(path) for part in load_document_parts(path, config=config.ingest)
    ]
    embedder = load_embedder(config.embed)
    pairs, singles = pair_documents(parts, embedder=embedder, config=config) if parts else ([], [])
    reports: list[DocReport] = []
    total = len(segment_files) + len(pairs) + len(singles)
    for segment_file in segment_files:
        reports.append(evaluate_segments(segment_file, embedder=embedder, config=config))
        if on_document:
            on_document(reports[-1].doc_id, total)
    for pair in pairs:
        reports.append(evaluate_pair(pair, embedder=embedder, config=config))
        if on_document:
            on_document(pair.doc_id, total)
    for doc in singles:
        reports.append(unpaired_report(doc, config=config, model=embedder.name))
        if on_document:
            on_document(doc.doc_id, total)
    reports.sort(key=lambda r: (r.doc_id, r.src.source))
    reports = unique_doc_ids(folder_doc_ids(reports))
    reports.sort(key=lambda r: (r.doc_id, r.src.source))
    return RunResult(tuple(reports), config, embedder.name, evaltool_signature(config, model=embedder.name))


FOLDER_SEPARATOR = "__"


def folder_doc_ids(reports: list[DocReport]) -> list[DocReport]:
    """Name same-named documents of different folders by their folder, relative to the run root.

    The run root is the deepest folder holding every input file; ``L1/didi/doc01.zh.txt`` and
    ``L1/niutrans/doc01.zh.txt`` become ``didi__doc01`` and ``niutrans__doc01`` (one folder level
    per ``__``; a file in the root itself keeps its plain id). A name found in one folder only
    keeps its plain id, so single-folder runs are unchanged. The source file decides the folder.
    """
    root = common_folder(f for r in reports for f in (r.src.source, r.tgt.source if r.tgt else ""))
    folders: dict[str, set[str]] = {}
    for report in reports:
        folders.setdefault(report.doc_id, set()).add(os.path.dirname(report.src.source))
    renamed = []
    for report in reports:
        if len(folders[report.doc_id]) > 1:
            folder = relative_path(os.path.dirname(report.src.source), root)
            folder_path = Path(folder)
            parts = [part for part in folder_path.parts if part not in (".", "", folder_path.anchor)]
            if parts:
                report = replace(report, doc_id=FOLDER_SEPARATOR.join([*parts, report.doc_id]))
        renamed.append(report)
    return renamed


def unique_doc_ids(reports: list[DocReport]) -> list[DocReport]:
    """Give documents still sharing an id (a.txt and a.xlf of one folder) distinct ids, ``a`` and ``a-2``,
    so no report overwrites another."""
    seen: dict[str, int] = {}
    unique = []
    for report in reports:
        count = seen.get(report.doc_id, 0)
        seen[report.doc_id] = count + 1
        unique.append(report if count == 0 else replace(report, doc_id=f"{report.doc_id}-{count + 1}"))
    return unique


def evaluate_files(
    src_path: Path, tgt_path: Path, *, ref_path: Path | None = None, config: Config
) -> RunResult:
    """Evaluate one explicit source/target pair (and optional reference translation)."""
    src_lang, tgt_lang = check_lang(config.src_lang), check_lang(config.tgt_lang)
    src = load_document(src_path, lang=src_lang, config=config.ingest)
    tgt = load_document(tgt_path, lang=tgt_lang, config=config.ingest)
    ref = load_document(ref_path, lang=tgt_lang, config=config.ingest) if ref_path else None
    embedder = load_embedder(config.embed)
    report = evaluate_pair(DocumentPair(src.doc_id, src, tgt, ref), embedder=embedder, config=config)
    return RunResult((report,), config, embedder.name, evaltool_signature(config, model=embedder.name))


def segment_beads(
    translations: Sequence[str], similarities: Sequence[float], *, sources: Sequence[str] | None = None
) -> list[Bead]:
    """One bead per pre-aligned segment: 1-1; 1-0 when the translation is empty (an omission);
    0-1 when the source (if given) is empty (an addition); 0-0 when both are.

    Beads with an empty side have similarity 0.0 and, having no pair, stay out of the
    similarity statistics (the mistranslation detector's median), as in ``evaluate_segments``.
    """
    beads = []
    for i, (text, sim) in enumerate(zip(translations, similarities)):
        has_src = sources is None or bool(sources[i].strip())
        has_tgt = bool(text.strip())
        similarity = float(sim) if has_src and has_tgt else 0.0
        beads.append(Bead((i,) if has_src else (), (i,) if has_tgt else (), similarity))
    return beads


def check_pairs(
    records: Sequence[dict], *, embedder: CachedEmbedder, config: Config
) -> list[dict]:
    """Score and flag pre-aligned pairs ``{"id","src","tgt"[,"ref"]}``.

    All pairs form one context of 1-1 beads, so the mistranslation detector judges each
    similarity against the whole file's norm; a pair with an empty side is a 1-0 bead (an
    omission) or a 0-1 bead (an addition) with similarity 0.0, kept out of that norm.
    """
    src = [r["src"] for r in records]
    tgt = [r["tgt"] for r in records]
    if not records:
        return []
    sims = (embedder.encode(src) * embedder.encode(tgt)).sum(axis=1)
    beads = tuple(segment_beads(tgt, sims, sources=src))
    sims = [b.similarity for b in beads]  # an empty source or translation has similarity 0
    context = DetectionContext(
        src=tuple(src), tgt=tuple(tgt), beads=beads,
        src_lang=config.src_lang, tgt_lang=config.tgt_lang, config=config.detect, embedder=embedder,
    )
    flags_by_pair: dict[int, list[dict]] = {}
    for flag in run_detectors(context):
        flags_by_pair.setdefault(flag.bead, []).append(
            {"type": flag.type, "severity": flag.severity, "evidence": flag.evidence}
        )
    results = []
    for i, record in enumerate(records):
        result = {"id": record["id"], "similarity": round(float(sims[i]), 4), "flags": flags_by_pair.get(i, [])}
        if "ref" in record:
            result["chrF"] = round(
                sentence_chrf(record["tgt"], [record["ref"]]).score, 4
            )
        results.append(result)
    return results


# --- pre-aligned localization files (XLIFF, TMX, TSV/CSV, JSONL) ---------------------------------


@dataclass(frozen=True)
class SegmentReport(DocReport):
    """A DocReport of a pre-aligned file: bead ``i`` is the file's unit ``unit_ids[i]``.

    ``positions[i]`` is that unit's index in ``segment_file.segments`` (units with neither
    source nor target text have no bead), so annotated copies can find it again.
    """

    unit_ids: tuple[str, ...] = ()
    positions: tuple[int, ...] = ()
    segment_file: SegmentFile | None = None


def _segment_lang(declared: str, default: str, *, path: str) -> str:
    if not declared:
        return default
    try:
        return check_lang(declared)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def evaluate_segments(
    segment_file: SegmentFile, *, embedder: CachedEmbedder, config: Config, doc_id: str | None = None
) -> SegmentReport:
    """Score and flag a pre-aligned file: every unit is one bead (1-1, or 1-0 / 0-1 when a side is
    empty), similarity is the cosine of the two sides' embeddings, and the detectors run over the
    whole file so the mistranslation detector judges each unit against the file's norm.

    The languages declared in the file win over ``config.src_lang``/``config.tgt_lang``.
    """
    path = segment_file.path
    src_lang = _segment_lang(segment_file.src_lang, config.src_lang, path=path)
    tgt_lang = _segment_lang(segment_file.tgt_lang, config.tgt_lang, path=path)
    if src_lang == tgt_lang:
        raise InputError(f"{path}: source and target language are both {src_lang!r}")
    src: list[str] = []
    tgt: list[str] = []
    # Inline-code markers (⟦ph:1⟧) stay in src/tgt for the report and the entity check only;
    # embeddings and scores read plain_src/plain_tgt. A side with codes but no text is empty.
    plain_src: list[str] = []
    plain_tgt: list[str] = []
    sides: list[tuple[int | None, int | None]] = []
    unit_ids: list[str] = []
    positions: list[int] = []
    for position, segment in enumerate(segment_file.segments):
        plain_s, plain_t = strip_codes(segment.src), strip_codes(segment.tgt)
        if not plain_s and not plain_t:
            continue
        i = j = None
        if plain_s:
            i = len(src)
            src.append(segment.src)
            plain_src.append(plain_s)
        if plain_t:
            j = len(tgt)
            tgt.append(segment.tgt)
            plain_tgt.append(plain_t)
        sides.append((i, j))
        unit_ids.append(segment.id)
        positions.append(position)
    if not sides:
        raise InputError(f"{path}: every unit is empty: nothing to evaluate")
    src_vectors = embedder.encode(plain_src) if src else None
    tgt_vectors = embedder.encode(plain_tgt) if tgt else None
    beads = []
    for i, j in sides:
        similarity = 0.0
        if i is not None and j is not None and src_vectors is not None and tgt_vectors is not None:
            similarity = float(src_vectors[i] @ tgt_vectors[j])
        beads.append(Bead(() if i is None else (i,), () if j is None else (j,), similarity))
    doc_id = doc_id or doc_id_for(Path(path))
    src_doc = Document(doc_id, src_lang, tuple(Sentence(k, t) for k, t in enumerate(src)), source=path)
    tgt_doc = Document(doc_id, tgt_lang, tuple(Sentence(k, t) for k, t in enumerate(tgt)), source=path)
    scores: dict[str, float] = document_scores(beads, plain_src, plain_tgt, src_lang=src_lang, tgt_lang=tgt_lang)
    scores["units"] = len(segment_file.segments)
    context = DetectionContext(
        src=tuple(src), tgt=tuple(tgt), beads=tuple(beads), src_lang=src_lang, tgt_lang=tgt_lang,
        config=config.detect, embedder=embedder,
    )
    return SegmentReport(
        doc_id=doc_id,
        src=src_doc,
        tgt=tgt_doc,
        beads=tuple(beads),
        flags=tuple(run_detectors(context)),
        scores=scores,
        signature=evaltool_signature(config, model=embedder.name),
        unit_ids=tuple(unit_ids),
        positions=tuple(positions),
        segment_file=segment_file,
    )


def evaluate_segment_file(path: Path, *, config: Config, embedder: CachedEmbedder | None = None) -> RunResult:
    """Read and evaluate one pre-aligned file (.xlf/.xliff/.tmx/.tsv/.csv/.jsonl) as a one-report run."""
    segment_file = read_segments(Path(path), max_bytes=config.ingest.max_file_bytes,
                                 src_lang=config.src_lang, tgt_lang=config.tgt_lang)
    embedder = embedder or load_embedder(config.embed)
    report = evaluate_segments(segment_file, embedder=embedder, config=config)
    return RunResult((report,), config, embedder.name, evaltool_signature(config, model=embedder.name))
