"""The pipeline's structure: stages over plain records that ask for vectors, a driver that batches them
across documents, inputs that pickle, reports that stream to the writer."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from evaltool.config import Config
from evaltool.detectors import DetectionContext
from evaltool.embed import CachedEmbedder, load_embedder
from evaltool.embed.requests import Joined, Texts, drive, run_needs, vectors_by_text
from evaltool.ingest import load_document_parts
from evaltool.pipeline import check_pairs, plan_paths, pre_aligned
from evaltool.pipeline.stages import Settings, pair_report
from evaltool.records import Bead, DocumentPair
from evaltool.report import write_run

REPO = Path(__file__).resolve().parents[1]
SEED_000 = REPO / "seeds" / "000_6b1ba2697ced7a7d.txt"


class RecordingEmbedder:
    """A fake model that records each call: vectors from the texts' lengths and first letters."""

    name = "recording"
    composes_overlaps = False

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(("encode", len(texts)))
        rows = [[len(t) + 1.0, float(ord(t[0])) if t else 0.0, 1.0] for t in texts]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), 3)

    def encode_joined(self, groups, joiner):
        self.calls.append(("joined", len(groups)))
        return self.encode([joiner.join(g) for g in groups])[:, :3]


def _stage(texts):
    first = yield Texts(tuple(texts))
    second = yield Joined((tuple(texts),), " ")
    return first.shape[0], second.shape[0]


def test_driver_batches_the_requests_of_many_stages_into_one_call_per_round():
    embedder = RecordingEmbedder()
    results = drive([_stage(["a", "bb"]), _stage(["ccc"]), _stage([])], embedder)
    assert results == [(2, 1), (1, 1), (0, 1)]
    # round 1: one encode for the three stages' texts; round 2: one joined call for their three groups
    assert embedder.calls[0] == ("encode", 3) and embedder.calls[1][0] == "joined"
    assert len(embedder.calls) == 3  # the joined call embeds its texts in one more encode


def test_a_stage_that_asks_for_nothing_needs_no_embedder():
    assert run_needs(vectors_by_text([]), None) == {}


def test_pre_aligned_units_become_beads_with_empty_sides_as_skips():
    embedder = CachedEmbedder(RecordingEmbedder())
    units = run_needs(pre_aligned(["你好", "", "再见", ""], ["hello", "extra", "", ""]), embedder)
    assert [b.kind for b in units.beads] == ["1-1", "0-1", "1-0"]
    assert units.units == (0, 1, 2)  # the unit with neither side has no bead
    assert units.beads[0].similarity > 0 and units.beads[1].similarity == units.beads[2].similarity == 0.0


def test_stage_inputs_and_detection_contexts_pickle():
    config = Config(src_lang="en", tgt_lang="zh")
    en, zh = load_document_parts(SEED_000, config=config.ingest)[:2]
    pair = DocumentPair(en.doc_id, en, zh)
    settings = Settings(config, "usem3-x", "sig", composes_overlaps=True)
    context = DetectionContext(("a b",), ("甲乙",), (Bead((0,), (0,), 0.5),), "en", "zh", config.detect)
    for value in (pair, settings, context):
        assert pickle.loads(pickle.dumps(value)) == value


def test_a_pickled_stage_input_gives_the_same_report():
    config = Config(src_lang="en", tgt_lang="zh")
    embedder = load_embedder(config.embed)
    parts = load_document_parts(SEED_000, config=config.ingest)
    pair = DocumentPair(parts[0].doc_id, parts[0], parts[1])
    settings = Settings(config, embedder.name, "sig", embedder.composes_overlaps)
    direct = run_needs(pair_report(pair, settings), embedder)
    shipped = run_needs(pair_report(*pickle.loads(pickle.dumps((pair, settings)))), embedder)
    assert shipped == direct


def test_reports_stream_to_the_writer_one_by_one(tmp_path):
    plan = plan_paths([REPO / "seeds"], config=Config())
    written = []

    def watched():
        for report in plan.reports():
            # the report folders of the documents before this one exist already
            written.append(sorted(p.name for p in tmp_path.iterdir() if p.is_dir()))
            yield report

    summary = write_run(watched(), tmp_path, config=plan.config, model=plan.model, signature=plan.signature)
    assert [len(w) for w in written] == list(range(plan.total))
    assert [d["doc_id"] for d in summary["documents"]] == [w.doc_id for w in plan.work]


def test_check_is_one_batch_of_model_calls_whatever_the_number_of_pairs():
    records = [{"id": str(i), "src": f"第{i}句话。", "tgt": f"Sentence {i}."} for i in range(40)]
    inner = RecordingEmbedder()
    results = check_pairs(records, embedder=CachedEmbedder(inner), config=Config(src_lang="zh", tgt_lang="en"))
    assert len(results) == 40
    assert inner.calls[0] == ("encode", 80)  # every pair's two sides in the first call
