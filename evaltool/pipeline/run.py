"""Each entry point as a plan over the stages: read and check every input, then drive the stages of many
documents at once (their embeddings batched), and hand the reports on as they finish.

Nothing outside this package knows the order of the stages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..align.dp import alignment
from ..config import Config
from ..errors import InputError
from ..embed import CachedEmbedder, load_embedder
from ..embed.requests import drive, run_needs
from ..ingest import check_lang, load_document, load_document_parts
from ..ingest.documents import doc_id_for
from ..ingest.langid import check_languages
from ..ingest.lines import check_same_length, read_line_pair, read_lines
from ..ingest.segments import is_segment_file, read_segments
from ..ingest.units import SegmentFile
from ..pairing import pair_documents
from ..records import Bead, DocumentPair, DocReport, Flag
from ..signature import evaltool_signature
from .cluster import distributed_unit_flags, map_in_order
from .inputs import Work, find_inputs, plan_work, reference_candidates
from .stages import (
    SegmentReport,
    Settings,
    check_segment_file,
    document_report,
    pair_report,
    check_results,
    unit_flags,
    segments_report,
)

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")

# Documents whose stages are driven together: their embeddings go to the model in a few large calls,
# while memory holds only this many documents' work at a time.
DOCUMENTS_PER_BATCH = 32


@dataclass(frozen=True)
class RunResult:
    """All document reports of one run, with the settings that made them."""

    reports: tuple[DocReport, ...]
    config: Config
    model: str
    signature: str


def settings_for(config: Config, embedder: CachedEmbedder) -> Settings:
    """What the stages need to know of a run besides their input."""
    return Settings(config, embedder.name, evaltool_signature(config, model=embedder.name), embedder.composes_overlaps)


class RunPlan:
    """The reports a run will write, in order; ``reports()`` makes them a batch of documents at a time.

    ``skipped``: the input files left out, with why (unreadable, not a document, a reference with no pair).
    """

    def __init__(
        self, work: Sequence[Work], *, config: Config, embedder: CachedEmbedder, skipped: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.work = list(work)
        self.config = config
        self.embedder = embedder
        self.skipped = list(skipped)
        self.settings = settings_for(config, embedder)

    @property
    def total(self) -> int:
        return len(self.work)

    @property
    def model(self) -> str:
        return self.settings.model

    @property
    def signature(self) -> str:
        return self.settings.signature

    def reports(self, *, client: Client | None = None) -> Iterator[DocReport]:
        """Each report as soon as its batch is done, in the plan's order; with a Dask ``client`` the
        batches are its tasks (see ``cluster``)."""
        todo = iter(self.work)
        batches = iter(lambda: list(islice(todo, DOCUMENTS_PER_BATCH)), [])
        if client is not None:
            ahead = 2 * max(len(client.scheduler_info()["workers"]), 1)
            yield from map_in_order(client, batches, self.settings, ahead=ahead)
            return
        for batch in batches:
            yield from drive([document_report(w, self.settings) for w in batch], self.embedder)

    def result(self) -> RunResult:
        """Every report, held in memory."""
        return RunResult(tuple(self.reports()), self.config, self.model, self.signature)


def plan_paths(
    paths: Sequence[Path], *, config: Config, ref_dir: Path | None = None, strict: bool = False
) -> RunPlan:
    """Folder mode: every document in files/folders; bilingual files are split, zh/en files paired, and
    each pair gets its reference (``NAME.ref.LANG.txt`` beside the target, or in ``ref_dir``) when there is one.

    All inputs are read and checked here, before any evaluation. A file that cannot be read is left
    out and listed in ``RunPlan.skipped`` with its error, so the rest still runs; with ``strict`` (or
    when no file can be read) its error stops the run before a single report is written.
    """
    inputs = find_inputs(paths)
    skipped = list(inputs.skipped)
    limit = config.ingest.max_file_bytes

    def readable(read: Callable[[Path], T], path: Path) -> T | None:
        try:
            return read(path)
        except InputError as exc:
            if strict:
                raise
            skipped.append((str(path), str(exc)))
            return None

    def read_checked(path: Path) -> SegmentFile:
        segment_file = read_segments(path, max_bytes=limit, max_lines=config.ingest.max_lines,
                                     src_lang=config.src_lang, tgt_lang=config.tgt_lang)
        check_segment_file(segment_file, config)
        return segment_file

    segment_files = [f for p in inputs.documents if is_segment_file(p) if (f := readable(read_checked, p))]
    parts = [
        part for p in inputs.documents if not is_segment_file(p)
        for part in readable(lambda q: load_document_parts(q, config=config.ingest), p) or ()
    ]
    if not segment_files and not parts:
        raise InputError(f"no input could be read: {skipped[0][0]}: {skipped[0][1]}" if skipped else "no input")
    embedder = load_embedder(config.embed)
    pairs, singles = run_needs(pair_documents(parts, config=config), embedder) if parts else ([], [])
    pairs, unused = _with_references(pairs, inputs.references, ref_dir=ref_dir, config=config, read=readable)
    skipped += [(str(p), "a reference with no document pair of that name") for p in unused]
    return RunPlan(plan_work(segment_files, pairs, singles), config=config, embedder=embedder, skipped=skipped)


def _with_references(
    pairs: Sequence[DocumentPair], references: Sequence[Path], *, ref_dir: Path | None, config: Config,
    read: Callable[[Callable[[Path], Any], Path], Any],
) -> tuple[list[DocumentPair], list[Path]]:
    """The pairs, each with its reference file if one is found; and the reference files no pair took."""
    unused = {p.resolve(): p for p in references}
    found = []
    for pair in pairs:
        path = next((p for p in reference_candidates(pair, ref_dir) if p.is_file()), None)
        if path is not None:
            unused.pop(path.resolve(), None)
            pair = read(lambda p: _with_reference(pair, p, config=config), path) or pair
        found.append(pair)
    return found, list(unused.values())


def _with_reference(pair: DocumentPair, path: Path, *, config: Config) -> DocumentPair:
    """The pair with the reference translation in ``path`` (line by line when it has the target's lines)."""
    ref = load_document(path, lang=pair.tgt.lang, config=config.ingest)
    limits = {"max_bytes": config.ingest.max_file_bytes, "max_lines": config.ingest.max_lines}
    hyp_lines, reference = read_lines(Path(pair.tgt.source), **limits), read_lines(path, **limits)
    ref_lines = tuple(zip(hyp_lines, reference)) if len(hyp_lines) == len(reference) else ()
    return replace(pair, ref=ref, ref_lines=ref_lines)


def evaluate_paths(
    paths: Sequence[Path], *, config: Config, on_document: Callable[[str, int], None] | None = None
) -> RunResult:
    """Evaluate every document in files/folders (see ``plan_paths``), all reports held in memory.

    ``on_document(doc_id, total)`` is called after each document, ``total`` being the number of
    documents the run reports.
    """
    plan = plan_paths(paths, config=config)
    reports = []
    for report in plan.reports():
        reports.append(report)
        if on_document:
            on_document(report.doc_id, plan.total)
    return RunResult(tuple(reports), config, plan.model, plan.signature)


def plan_files(
    src_path: Path, tgt_path: Path, *, ref_path: Path | None = None, lines: bool = False, config: Config
) -> RunPlan:
    """One explicit source/target pair (and optional reference translation).

    With ``lines`` the files are line-aligned: line ``n`` of the source and of the target (and of the
    reference) are one unit, as ``check`` reads pairs; otherwise both are split into sentences and aligned.
    """
    src_lang, tgt_lang = check_lang(config.src_lang), check_lang(config.tgt_lang)
    limit = config.ingest.max_file_bytes
    if lines:
        line_pair = read_line_pair(src_path, tgt_path, max_bytes=limit, max_lines=config.ingest.max_lines)
        segment_file = replace(line_pair, src_lang=src_lang, tgt_lang=tgt_lang)
        check_languages([(f"--src {src_path}", [s.src for s in segment_file.segments], src_lang),
                         (f"--tgt {tgt_path}", [s.tgt for s in segment_file.segments], tgt_lang)],
                        min_share=config.ingest.bilingual_min_share, options="--src-lang/--tgt-lang")
        check_segment_file(segment_file, config)
        ref_lines: tuple[tuple[str, str], ...] = ()
        if ref_path:
            reference = read_lines(ref_path, max_bytes=limit, max_lines=config.ingest.max_lines)
            check_same_length({f"--tgt {tgt_path}": [s.tgt for s in segment_file.segments], f"--ref {ref_path}": reference})
            ref_lines = tuple(zip((s.tgt for s in segment_file.segments), reference))
        work = Work(doc_id_for(src_path), segment_file, ref_lines)
    else:
        src = load_document(src_path, lang=src_lang, config=config.ingest)
        tgt = load_document(tgt_path, lang=tgt_lang, config=config.ingest)
        pair = DocumentPair(src.doc_id, src, tgt)
        work = Work(src.doc_id, _with_reference(pair, ref_path, config=config) if ref_path else pair)
    return RunPlan([work], config=config, embedder=load_embedder(config.embed))


def evaluate_files(src_path: Path, tgt_path: Path, *, ref_path: Path | None = None, config: Config) -> RunResult:
    """Evaluate one explicit source/target pair (and optional reference translation)."""
    return plan_files(src_path, tgt_path, ref_path=ref_path, config=config).result()


def evaluate_pair(pair: DocumentPair, *, embedder: CachedEmbedder, config: Config) -> DocReport:
    """Align, score and flag one source/target document pair."""
    return run_needs(pair_report(pair, settings_for(config, embedder)), embedder)


def evaluate_segments(
    segment_file: SegmentFile, *, embedder: CachedEmbedder, config: Config, doc_id: str | None = None
) -> SegmentReport:
    """Score and flag a pre-aligned file, every unit one bead (see ``stages.segments_report``)."""
    return run_needs(segments_report(segment_file, settings_for(config, embedder), doc_id=doc_id), embedder)


def evaluate_segment_file(path: Path, *, config: Config, embedder: CachedEmbedder | None = None) -> RunResult:
    """Read and evaluate one pre-aligned file (.xlf/.xliff/.tmx/.tsv/.csv/.jsonl) as a one-report run."""
    segment_file = read_segments(Path(path), max_bytes=config.ingest.max_file_bytes, max_lines=config.ingest.max_lines,
                                 src_lang=config.src_lang, tgt_lang=config.tgt_lang)
    embedder = embedder or load_embedder(config.embed)
    report = evaluate_segments(segment_file, embedder=embedder, config=config)
    return RunResult((report,), config, embedder.name, evaltool_signature(config, model=embedder.name))


def check_pairs(
    records: Sequence[dict], *, embedder: CachedEmbedder, config: Config, client: Client | None = None
) -> list[dict]:
    """Score and flag pre-aligned pairs ``{"id","src","tgt"[,"ref"]}`` (see ``stages.unit_flags``); with a
    Dask ``client``, in chunks on its workers."""
    if not records:
        return []
    sources, translations = [r["src"] for r in records], [r["tgt"] for r in records]
    similarity, flags = _unit_flags(sources, translations, embedder=embedder, config=config, client=client)
    return check_results(records, similarity, flags)


def compare_segments(
    src: Sequence[str], systems: Mapping[str, Sequence[str]], *, embedder: CachedEmbedder, config: Config,
    detectors: Sequence[str] | None = None, client: Client | None = None,
) -> dict[str, tuple[list[float], list[Flag]]]:
    """Each system's similarity per segment and flags (``Flag.bead`` = segment): all systems driven at once,
    or with a Dask ``client`` in chunks on its workers."""
    names = list(systems)
    if client is not None:
        return {n: _unit_flags(src, systems[n], embedder=embedder, config=config, client=client, detectors=detectors)
                for n in names}
    results = drive([unit_flags(src, systems[n], config, detectors=detectors) for n in names], embedder)
    return dict(zip(names, results))


def _unit_flags(
    sources: Sequence[str], translations: Sequence[str], *, embedder: CachedEmbedder, config: Config,
    client: Client | None, detectors: Sequence[str] | None = None,
) -> tuple[list[float], list[Flag]]:
    if client is None:
        return run_needs(unit_flags(sources, translations, config, detectors=detectors), embedder)
    return distributed_unit_flags(client, sources, translations, config, embedder=embedder, detectors=detectors)


def align_texts(src: Sequence[str], tgt: Sequence[str], *, embedder: CachedEmbedder, config: Config) -> list[Bead]:
    """The beads of two sentence lists (``evaltool align``)."""
    plan = alignment(src, tgt, config=config.align, src_lang=config.src_lang, tgt_lang=config.tgt_lang,
                     composes=embedder.composes_overlaps)
    return run_needs(plan, embedder)

