"""The literary-split set of benchmarks/align.py: cut rule and gold beads (no data or model)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from align import literary_cut, literary_split  # noqa: E402


def test_cut_keeps_conjunction_and_needs_four_words_each_side() -> None:
    assert literary_cut("The rain fell all night, and the river rose over the road.") == (
        "The rain fell all night.", "And the river rose over the road.")
    assert literary_cut("It rained; the river rose over the road.") is None
    assert literary_cut("The old bridge was closed; the river rose over the road.") == (
        "The old bridge was closed.", "The river rose over the road.")


def test_split_gives_two_one_beads_and_drops() -> None:
    doc = [(f"Sentence {i} has words here, and it goes on for a while.", f"第{i}句。") for i in range(40)]
    (src, tgt, gold, diagonal), = literary_split([doc], drop=0.05)
    shapes = [(len(s), len(t)) for s, t in gold]
    assert shapes.count((2, 1)) == 20
    assert shapes.count((1, 0)) == 2 and shapes.count((0, 1)) == 2
    assert sorted(i for s, _ in gold for i in s) == list(range(len(src)))
    assert sorted(j for _, t in gold for j in t) == list(range(len(tgt)))
    assert diagonal == []
    cut = next(s for s, t in gold if len(s) == 2)
    assert src[cut[0]].endswith(".") and src[cut[1]].startswith("And ")
