"""The stages of one document, in order: align (or take units as beads) → score → detect → report.

Each function here is a stage over plain records that asks for its vectors (``embed/requests.py``)
instead of holding a model, so a driver can run the stages of many documents at once and batch
their embeddings; their inputs pickle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..align.dp import alignment
from ..codes import strip_codes
from ..config import Config
from ..core import join
from ..detectors import DetectionContext
from ..detectors.registry import detection, select_detectors
from ..embed.requests import Needs
from ..errors import InputError
from ..ingest import check_lang
from ..ingest.documents import doc_id_for
from ..ingest.limits import check_sentence_lengths
from ..ingest.units import SegmentFile
from ..metrics import corpus_scores, document_scores
from ..records import Bead, Document, DocumentPair, DocReport, Flag, Sentence
from .inputs import Work
from .units import PreAligned, pre_aligned, unit_sides, unit_similarities, with_similarities


@dataclass(frozen=True)
class SegmentReport(DocReport):
    """A DocReport of a pre-aligned file: bead ``i`` is the file's unit ``unit_ids[i]``.

    ``positions[i]`` is that unit's index in ``segment_file.segments`` (units with neither
    source nor target text have no bead), so annotated copies can find it again.
    """

    unit_ids: tuple[str, ...] = ()
    positions: tuple[int, ...] = ()
    segment_file: SegmentFile | None = None


@dataclass(frozen=True)
class Settings:
    """What every stage of a run needs besides its input: the config, the model's name and whether the
    model composes overlap vectors (the aligner then looks at all short overlaps)."""

    config: Config
    model: str
    signature: str
    composes_overlaps: bool = False


def detect(
    src: Sequence[str], tgt: Sequence[str], beads: Sequence[Bead], *, src_lang: str, tgt_lang: str,
    config: Config, detectors: Sequence[str] | None = None,
) -> Needs[tuple[Flag, ...]]:
    """The detectors (all by default) over one aligned text."""
    context = DetectionContext(
        src=tuple(src), tgt=tuple(tgt), beads=tuple(beads), src_lang=src_lang, tgt_lang=tgt_lang, config=config.detect,
    )
    flags = yield from detection(context, names=select_detectors(names=detectors))
    return tuple(flags)


def pair_report(pair: DocumentPair, settings: Settings) -> Needs[DocReport]:
    """Align, score and flag one source/target document pair."""
    config = settings.config
    src, tgt = pair.src.texts, pair.tgt.texts
    src_lang, tgt_lang = pair.src.lang, pair.tgt.lang
    beads = yield from alignment(
        src, tgt, config=config.align, src_lang=src_lang, tgt_lang=tgt_lang, composes=settings.composes_overlaps
    )
    scores: dict[str, Any] = document_scores(beads, src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)
    if pair.ref is not None:
        scores.update(reference_scores(pair.tgt, pair.ref, lines=pair.ref_lines))
    flags = yield from detect(src, tgt, beads, src_lang=src_lang, tgt_lang=tgt_lang, config=config)
    return DocReport(
        doc_id=pair.doc_id, src=pair.src, tgt=pair.tgt, beads=tuple(beads), flags=flags, scores=scores,
        signature=settings.signature,
    )


def reference_scores(tgt: Document, ref: Document, *, lines: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """BLEU/chrF/TER of the target against a reference: line by line when the files have as many
    lines (``lines``: exactly what ``evaltool score`` computes on the same files), else sentence by
    sentence when the sentence counts match. Otherwise BLEU and chrF of the whole texts, without
    TER: sacrebleu's TER searches its edits in a beam, and on one document-long segment it reports
    nonsense (FLORES, 20 sentences against the same text less its last 2: 55 for Chinese, 68 for
    English)."""
    if lines:
        return line_reference_scores(lines, tgt.lang)
    hyps, refs = tgt.texts, ref.texts
    metrics: tuple[str, ...] = ("BLEU", "chrF", "TER")
    unit = "sentence"
    if len(hyps) != len(refs):
        hyps, refs = [join(hyps, tgt.lang)], [join(refs, tgt.lang)]
        metrics, unit = ("BLEU", "chrF"), "whole text"
    result = corpus_scores(hyps, [refs], tgt_lang=tgt.lang, metrics=metrics)
    signatures = result.pop("signatures")
    return {**result, "reference_unit": unit, "reference_sentences": len(ref.texts), "reference_signatures": signatures}


def line_reference_scores(lines: Sequence[tuple[str, str]], lang: str) -> dict[str, Any]:
    """BLEU/chrF/TER of (target line, reference line) pairs: exactly ``evaltool score`` on the two files."""
    result = corpus_scores([h for h, _ in lines], [[r for _, r in lines]], tgt_lang=lang)
    signatures = result.pop("signatures")
    return {**result, "reference_unit": "line", "reference_sentences": len(lines), "reference_signatures": signatures}


def unpaired_report(doc: Document, settings: Settings) -> DocReport:
    """A report for a document with no counterpart: language, sentence count, boilerplate."""
    return DocReport(
        doc_id=doc.doc_id,
        src=doc,
        tgt=None,
        scores={"src_sentences": len(doc.sentences)},
        signature=settings.signature,
        note=f"no counterpart found: no translation of this {doc.lang} document among the inputs",
    )


def _segment_lang(declared: str, default: str, *, path: str) -> str:
    if not declared:
        return default
    try:
        return check_lang(declared)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def check_segment_file(segment_file: SegmentFile, config: Config) -> tuple[str, str]:
    """The file's languages (declared ones, else the config's); the same language twice, or no unit
    with text, is an input error."""
    path = segment_file.path
    src_lang = _segment_lang(segment_file.src_lang, config.src_lang, path=path)
    tgt_lang = _segment_lang(segment_file.tgt_lang, config.tgt_lang, path=path)
    if src_lang == tgt_lang:
        raise InputError(f"{path}: source and target language are both {src_lang!r}")
    if not any(strip_codes(s.src).strip() or strip_codes(s.tgt).strip() for s in segment_file.segments):
        raise InputError(f"{path}: every unit is empty: nothing to evaluate")
    unit = "line" if segment_file.format == "lines" else "unit"
    check_sentence_lengths(((f"{path} {unit} {s.id}", text) for s in segment_file.segments for text in (s.src, s.tgt)),
                           limit=config.ingest.max_sentence_chars)
    return src_lang, tgt_lang


def segments_report(segment_file: SegmentFile, settings: Settings, *, doc_id: str | None = None) -> Needs[SegmentReport]:
    """Score and flag a pre-aligned file: every unit is one bead (``pre_aligned``), and the detectors
    run over the whole file so the mistranslation detector judges each unit against the file's norm.

    The languages declared in the file win over ``config.src_lang``/``config.tgt_lang``.
    """
    config = settings.config
    path = segment_file.path
    src_lang, tgt_lang = check_segment_file(segment_file, config)
    segments = segment_file.segments
    units: PreAligned = yield from pre_aligned([s.src for s in segments], [s.tgt for s in segments])
    doc_id = doc_id or doc_id_for(Path(path))
    src_doc = Document(doc_id, src_lang, tuple(Sentence(k, t) for k, t in enumerate(units.src)), source=path)
    tgt_doc = Document(doc_id, tgt_lang, tuple(Sentence(k, t) for k, t in enumerate(units.tgt)),
                       source=segment_file.tgt_path or path)
    scores: dict[str, Any] = document_scores(
        units.beads, units.plain_src, units.plain_tgt, src_lang=src_lang, tgt_lang=tgt_lang
    )
    scores["units"] = len(segments)
    flags = yield from detect(units.src, units.tgt, units.beads, src_lang=src_lang, tgt_lang=tgt_lang, config=config)
    return SegmentReport(
        doc_id=doc_id,
        src=src_doc,
        tgt=tgt_doc,
        beads=units.beads,
        flags=flags,
        scores=scores,
        signature=settings.signature,
        unit_ids=tuple(segments[k].id for k in units.units),
        positions=units.units,
        segment_file=segment_file,
    )


def unit_flags(
    sources: Sequence[str], translations: Sequence[str], config: Config, *, detectors: Sequence[str] | None = None
) -> Needs[tuple[list[float], list[Flag]]]:
    """Pre-aligned units (``check``'s pairs, a system's lines in ``compare``) as one text: each unit's
    similarity and the flags, ``Flag.bead`` being the unit's index.

    All units form one text of 1-1 beads, so the mistranslation detector judges each similarity
    against the whole text's norm; a unit with an empty side is a 1-0 bead (an omission) or a 0-1
    bead (an addition) with similarity 0.0, kept out of that norm.
    """
    units = yield from pre_aligned(sources, translations)
    flags = yield from _unit_detection(units, config, detectors)
    return unit_similarities(units, len(sources)), flags


def text_flags(
    sources: Sequence[str], translations: Sequence[str], similarity: Sequence[float], config: Config, *,
    detectors: Sequence[str],
) -> Needs[list[Flag]]:
    """The detectors over units whose similarities are known already (``unit_flags`` of their chunks)."""
    units = with_similarities(unit_sides(sources, translations), similarity)
    flags = yield from _unit_detection(units, config, detectors)
    return flags


def _unit_detection(units: PreAligned, config: Config, detectors: Sequence[str] | None) -> Needs[list[Flag]]:
    flags = yield from detect(
        units.src, units.tgt, units.beads, src_lang=config.src_lang, tgt_lang=config.tgt_lang, config=config,
        detectors=detectors,
    )
    return [Flag(f.type, f.severity, f.evidence, units.units[f.bead]) for f in flags]


def check_results(records: Sequence[dict], similarity: Sequence[float], flags: Sequence[Flag]) -> list[dict]:
    """``check``'s output lines: each pair's id, similarity and flags (and chrF against its ``ref``)."""
    flags_by_unit: dict[int, list[dict]] = {}
    for flag in flags:
        flags_by_unit.setdefault(flag.bead, []).append({"type": flag.type, "severity": flag.severity, "evidence": flag.evidence})
    results = []
    for i, record in enumerate(records):
        result = {"id": record["id"], "similarity": round(similarity[i], 4), "flags": flags_by_unit.get(i, [])}
        if "ref" in record:
            from sacrebleu import sentence_chrf

            result["chrF"] = round(sentence_chrf(record["tgt"], [record["ref"]]).score, 4)
        results.append(result)
    return results


def document_report(work: Work, settings: Settings) -> Needs[DocReport]:
    """The report of one piece of folder-mode work, under its final id."""
    item = work.item
    report: DocReport
    if isinstance(item, DocumentPair):
        report = yield from pair_report(item, settings)
    elif isinstance(item, SegmentFile):
        report = yield from segments_report(item, settings)
        if work.ref_lines:
            scores = {**report.scores, **line_reference_scores(work.ref_lines, report.tgt.lang if report.tgt else "")}
            report = replace(report, scores=scores)
    else:
        report = unpaired_report(item, settings)
    return report if report.doc_id == work.doc_id else replace(report, doc_id=work.doc_id)
