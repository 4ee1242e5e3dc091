"""End to end through the Python API: seed 000 against its gold, folder-mode pairing, usage errors."""

import subprocess
import sys
from pathlib import Path

import pytest

from evaltool.align import parse_beads
from evaltool.config import Config
from evaltool.pipeline import evaluate_paths

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "data" / "gold"


def _text_beads(beads, src, tgt):
    return {(tuple(src[i] for i in s), tuple(tgt[j] for j in t)) for s, t in beads}


def test_seed_000_alignment_matches_the_gold(seeds):
    result = evaluate_paths([seeds / "000_6b1ba2697ced7a7d.txt"], config=Config())
    (report,) = result.reports
    boilerplate = {b.text for b in report.tgt.boilerplate}
    gold_en = (GOLD / "seed000.en").read_text(encoding="utf-8").splitlines()
    gold_zh = (GOLD / "seed000.zh").read_text(encoding="utf-8").splitlines()
    gold = _text_beads(parse_beads((GOLD / "seed000.gold").read_text(encoding="utf-8")), gold_en, gold_zh)
    # Lines the pipeline removes as boilerplate have no bead; each is a 0-1 bead in the gold.
    removed = {bead for bead in gold if not bead[0] and set(bead[1]) <= boilerplate}
    assert {t for _, ts in removed for t in ts} == boilerplate
    got = _text_beads([(b.src, b.tgt) for b in report.beads], report.src.texts, report.tgt.texts)
    assert got == gold - removed


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


EN_A = ["The museum opens at nine in the morning.", "Tickets cost ten euros.", "Children enter for free."]
ZH_A = ["博物馆早上九点开门。", "门票十欧元。", "儿童免费入场。"]
EN_B = ["Heavy rain flooded the valley overnight.", "Rescue teams evacuated two villages.", "Roads remain closed."]
ZH_B = ["一夜暴雨淹没了山谷。", "救援队疏散了两个村庄。", "道路仍然封闭。"]


def test_folder_mode_pairs_by_name_and_by_content(tmp_path):
    _write(tmp_path / "museum.en.txt", EN_A)
    _write(tmp_path / "museum.zh.txt", ZH_A)
    _write(tmp_path / "flood_report.txt", EN_B)
    _write(tmp_path / "hongshui.txt", ZH_B)
    _write(tmp_path / "lonely.txt", ["Nothing in this folder translates this sentence.", "Nor this one."])
    result = evaluate_paths([tmp_path], config=Config())
    pairs = {r.doc_id: (r.src.source, r.tgt.source if r.tgt else None) for r in result.reports}
    assert pairs["museum"] == (str(tmp_path / "museum.en.txt"), str(tmp_path / "museum.zh.txt"))
    assert pairs["flood_report"] == (str(tmp_path / "flood_report.txt"), str(tmp_path / "hongshui.txt"))
    assert pairs["lonely"][1] is None
    assert set(pairs) == {"museum", "flood_report", "lonely"}


def test_direction_follows_the_languages_given(tmp_path):
    _write(tmp_path / "a.en.txt", EN_A)
    _write(tmp_path / "a.zh.txt", ZH_A)
    (report,) = evaluate_paths([tmp_path], config=Config(src_lang="zh", tgt_lang="en")).reports
    assert (report.src.lang, report.tgt.lang) == ("zh", "en")


def test_console_script_usage_errors_are_one_line():
    result = subprocess.run(
        [sys.executable, "-m", "evaltool", "score", "--hyp", "x.txt"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "evaltool: error: Missing option '--ref'. (see 'evaltool score --help')"
    ]


@pytest.mark.parametrize("args", [["bogus"], ["run", "--max-critical", "many"]])
def test_console_script_bad_usage_exit_2(args):
    result = subprocess.run([sys.executable, "-m", "evaltool", *args], capture_output=True, text=True)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_same_named_documents_get_distinct_ids(tmp_path):
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "note.txt", ["Nothing here has a translation.", "Neither does this."])
    _write(tmp_path / "sub" / "note.txt", ["Another lonely English text.", "With two sentences."])
    ids = [r.doc_id for r in evaluate_paths([tmp_path], config=Config()).reports]
    assert sorted(ids) == ["note", "sub__note"]  # the folder, relative to the run root, names the second


def test_same_named_documents_of_one_folder_get_numbered_ids():
    from evaltool.pipeline import folder_doc_ids, unique_doc_ids

    documents = [("a", f"in/a.{ext}") for ext in ("txt", "xlf")]
    assert unique_doc_ids(folder_doc_ids(documents, root="in")) == ["a", "a-2"]


def test_vendor_folders_pair_each_source_with_the_translation_in_its_own_folder(tmp_path):
    """L1/<vendor>/doc01.{zh,en}.txt: every vendor holds the same Chinese source and its own translation."""
    translations = {
        "didi": EN_A,
        "niutrans": ["The museum opens at 9 a.m.", "A ticket is ten euros.", "Kids get in free."],
        "vendorX": ["The museum is open from nine.", "Entry costs ten euros.", "Children are free."],
    }
    for vendor, en in translations.items():
        (tmp_path / "L1" / vendor).mkdir(parents=True)
        _write(tmp_path / "L1" / vendor / "doc01.zh.txt", ZH_A)
        _write(tmp_path / "L1" / vendor / "doc01.en.txt", en)
    _write(tmp_path / "L1" / "didi" / "doc02.zh.txt", ZH_B)
    _write(tmp_path / "L1" / "didi" / "doc02.en.txt", EN_B)
    root = tmp_path / "L1"
    result = evaluate_paths([root], config=Config(src_lang="zh", tgt_lang="en"))
    pairs = {r.doc_id: (r.src.source, r.tgt.source if r.tgt else None) for r in result.reports}
    assert pairs == {
        "didi__doc01": (str(root / "didi/doc01.zh.txt"), str(root / "didi/doc01.en.txt")),
        "niutrans__doc01": (str(root / "niutrans/doc01.zh.txt"), str(root / "niutrans/doc01.en.txt")),
        "vendorX__doc01": (str(root / "vendorX/doc01.zh.txt"), str(root / "vendorX/doc01.en.txt")),
        "doc02": (str(root / "didi/doc02.zh.txt"), str(root / "didi/doc02.en.txt")),  # one folder: plain id
    }
    # the CLI hands over the files it found, not the folder: same pairs, same ids
    from evaltool.pipeline import find_documents

    again = evaluate_paths(find_documents([root]), config=Config(src_lang="zh", tgt_lang="en"))
    assert [r.doc_id for r in again.reports] == [r.doc_id for r in result.reports]


def test_content_pairing_prefers_the_same_folder_when_scores_tie(tmp_path):
    """Identical sources in two vendor folders, names that do not match: equal scores, own folder wins."""
    for vendor, en in (("a_vendor", EN_A), ("b_vendor", ["The museum is open from nine.", "Entry costs ten euros.",
                                                          "Children are free."])):
        (tmp_path / vendor).mkdir()
        _write(tmp_path / vendor / "source.txt", ZH_A)
        _write(tmp_path / vendor / "mt_output.txt", en)
    reports = evaluate_paths([tmp_path], config=Config(src_lang="zh", tgt_lang="en")).reports
    assert {r.doc_id: Path(r.tgt.source).parent.name for r in reports} == {
        "a_vendor__source": "a_vendor", "b_vendor__source": "b_vendor"
    }


def test_names_left_alone_in_their_folders_still_pair_across_folders(tmp_path):
    (tmp_path / "zh").mkdir()
    (tmp_path / "en").mkdir()
    _write(tmp_path / "zh" / "museum.txt", ZH_A)
    _write(tmp_path / "en" / "museum.txt", EN_A)
    (report,) = evaluate_paths([tmp_path], config=Config(src_lang="zh", tgt_lang="en")).reports
    assert report.doc_id == "museum"
    assert (report.src.source, report.tgt.source) == (str(tmp_path / "zh/museum.txt"), str(tmp_path / "en/museum.txt"))


class _AngleEmbedder:
    """Fake: a source and its translation lie at a chosen angle; the empty text sits at right
    angles to every source, so its cosine with a translation is far from the file's norm."""

    name = "fake-angles"

    def __init__(self, vectors: dict[str, tuple[float, float]]) -> None:
        self.vectors = vectors

    def encode(self, texts: list[str]):
        import numpy as np

        return np.array([self.vectors.get(t, (0.0, 1.0)) for t in texts], dtype=float)


def test_check_pairs_gives_an_empty_source_an_addition_kept_out_of_the_norm():
    from evaltool.pipeline import check_pairs

    vectors: dict[str, tuple[float, float]] = {"": (-0.02, 0.9998)}
    records = []
    for k, cos in enumerate([0.8] * 9 + [0.5]):
        src, tgt = f"Sentence number {k} is here.", f"这是第{'一二三四五六七八九十'[k]}句话。"
        vectors[src], vectors[tgt] = (1.0, 0.0), (cos, (1 - cos * cos) ** 0.5)
        records.append({"id": str(k), "src": src, "tgt": tgt})
    empty_src = {"id": "e", "src": "", "tgt": "这一句在原文里没有对应的内容，是译者加上的。"}
    vectors[empty_src["tgt"]] = (0.6, 0.8)
    embedder = _AngleEmbedder(vectors)
    config = Config(src_lang="en", tgt_lang="zh")

    with_empty = check_pairs(records + [empty_src], embedder=embedder, config=config)
    without = check_pairs(records, embedder=embedder, config=config)

    assert with_empty[-1]["similarity"] == 0.0
    assert [f["type"] for f in with_empty[-1]["flags"]] == ["addition"]
    assert with_empty[:-1] == without  # the empty source changes nothing for the other pairs
    assert "mistranslation" in {f["type"] for f in without[9]["flags"]}
