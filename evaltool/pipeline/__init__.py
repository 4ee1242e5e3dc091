"""The pipeline: ingest → segment → embed → align → score → detect → report, one plan per entry point.

``stages`` holds the stages of one document, ``units`` turns pre-aligned units into beads,
``inputs`` finds and names folder mode's documents, ``run`` drives the stages of many documents at
once with batched embeddings. Nothing outside this package knows the order of the stages.
"""

from .inputs import find_documents, folder_doc_ids, unique_doc_ids
from .run import (
    RunPlan,
    RunResult,
    align_texts,
    check_pairs,
    compare_segments,
    evaluate_files,
    evaluate_pair,
    evaluate_paths,
    evaluate_segment_file,
    evaluate_segments,
    plan_files,
    plan_paths,
)
from .stages import SegmentReport
from .units import PreAligned, pre_aligned

__all__ = [
    "PreAligned",
    "RunPlan",
    "RunResult",
    "SegmentReport",
    "align_texts",
    "check_pairs",
    "compare_segments",
    "evaluate_files",
    "evaluate_pair",
    "evaluate_paths",
    "evaluate_segment_file",
    "evaluate_segments",
    "find_documents",
    "folder_doc_ids",
    "plan_files",
    "plan_paths",
    "pre_aligned",
    "unique_doc_ids",
]
