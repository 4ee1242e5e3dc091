"""Each entry point as a plan over the stages: read and check every input, then drive the stages of many
documents at once (their embeddings batched), and hand the reports on as they finish.

Nothing outside this package knows the order of the stages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from ..align.dp import alignment
from ..config import Config
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
from .cluster import map_in_order
from .inputs import Work, find_documents, plan_work
from .stages import (
    SegmentReport,
    Settings,
    check_segment_file,
    document_report,
    pair_report,
    pairs_results,
    segments_report,
    system_segments,
)

if TYPE_CHECKING:
    from distributed import Client

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
    """The reports a run will write, in order; ``reports()`` makes them a batch of documents at a time."""

    def __init__(self, work: Sequence[Work], *, config: Config, embedder: CachedEmbedder) -> None:
        self.work = list(work)
        self.config = config
        self.embedder = embedder
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


def plan_paths(paths: Sequence[Path], *, config: Config) -> RunPlan:
    """Folder mode: every document in files/folders; bilingual files are split, zh/en files paired.

    All inputs are read and checked here, before any evaluation, so bad input stops the run
    before a single report is written.
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
    for segment_file in segment_files:
        check_segment_file(segment_file, config)
    embedder = load_embedder(config.embed)
    pairs, singles = run_needs(pair_documents(parts, config=config), embedder) if parts else ([], [])
    return RunPlan(plan_work(segment_files, pairs, singles), config=config, embedder=embedder)


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
    ref_lines: tuple[tuple[str, str], ...] = ()
    if ref_path:
        hyp_lines, reference = read_lines(tgt_path, max_bytes=limit), read_lines(ref_path, max_bytes=limit)
        if lines:
            check_same_length({f"--tgt {tgt_path}": hyp_lines, f"--ref {ref_path}": reference})
        ref_lines = tuple(zip(hyp_lines, reference)) if len(hyp_lines) == len(reference) else ()
    if lines:
        segment_file = replace(read_line_pair(src_path, tgt_path, max_bytes=limit), src_lang=src_lang, tgt_lang=tgt_lang)
        check_languages([(f"--src {src_path}", [s.src for s in segment_file.segments], src_lang),
                         (f"--tgt {tgt_path}", [s.tgt for s in segment_file.segments], tgt_lang)],
                        min_share=config.ingest.bilingual_min_share, options="--src-lang/--tgt-lang")
        check_segment_file(segment_file, config)
        work = Work(doc_id_for(src_path), segment_file, ref_lines)
    else:
        src = load_document(src_path, lang=src_lang, config=config.ingest)
        tgt = load_document(tgt_path, lang=tgt_lang, config=config.ingest)
        ref = load_document(ref_path, lang=tgt_lang, config=config.ingest) if ref_path else None
        work = Work(src.doc_id, DocumentPair(src.doc_id, src, tgt, ref, ref_lines))
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
    segment_file = read_segments(Path(path), max_bytes=config.ingest.max_file_bytes,
                                 src_lang=config.src_lang, tgt_lang=config.tgt_lang)
    embedder = embedder or load_embedder(config.embed)
    report = evaluate_segments(segment_file, embedder=embedder, config=config)
    return RunResult((report,), config, embedder.name, evaltool_signature(config, model=embedder.name))


def check_pairs(records: Sequence[dict], *, embedder: CachedEmbedder, config: Config) -> list[dict]:
    """Score and flag pre-aligned pairs ``{"id","src","tgt"[,"ref"]}`` (see ``stages.pairs_results``)."""
    if not records:
        return []
    return run_needs(pairs_results(records, config), embedder)


def compare_segments(
    src: Sequence[str], systems: Mapping[str, Sequence[str]], *, embedder: CachedEmbedder, config: Config,
    detectors: Sequence[str] | None = None,
) -> dict[str, tuple[list[float], list[Flag]]]:
    """Each system's similarity per segment and flags (``Flag.bead`` = segment), all systems driven at once."""
    names = list(systems)
    results = drive([system_segments(src, systems[n], config, detectors=detectors) for n in names], embedder)
    return dict(zip(names, results))


def align_texts(src: Sequence[str], tgt: Sequence[str], *, embedder: CachedEmbedder, config: Config) -> list[Bead]:
    """The beads of two sentence lists (``evaltool align``)."""
    plan = alignment(src, tgt, config=config.align, src_lang=config.src_lang, tgt_lang=config.tgt_lang,
                     composes=embedder.composes_overlaps)
    return [bead for bead, _ in run_needs(plan, embedder)]

