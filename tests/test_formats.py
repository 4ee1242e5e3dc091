"""Pre-aligned localization files: XLIFF 1.2/2.0, TMX, TSV/CSV, JSONL readers; `evaltool run` on them with
results mapped to unit ids; annotated XLIFF copies; malformed and hostile XML refused with exit 2."""

import json
import re
import shutil
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring as safe_fromstring
from defusedxml.ElementTree import parse as safe_parse
from typer.testing import CliRunner

from evaltool.cli import app
from evaltool.codes import code_marker, strip_codes
from evaltool.errors import InputError
from evaltool.ingest import read_segments, read_tabular

FIXTURES = Path(__file__).parent / "fixtures"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"


def test_xliff12_reader_keeps_ids_states_notes_and_inline_text():
    sf = read_segments(FIXTURES / "sample12.xlf")
    assert (sf.format, sf.src_lang, sf.tgt_lang) == ("xliff-1.2", "en-US", "zh-CN")
    assert sf.ids == ("t1", "t2", "t3", "t4", "t5", "t6")  # t3 sits inside a <group>
    t2 = sf.segments[1]
    assert t2.src == "Russia has moved ⟦g:1⟧100,000 troops⟦/g:1⟧ near the border."  # <g> text kept, marked
    assert t2.tgt == "俄罗斯已在边境附近部署了⟦g:1⟧1万名士兵⟦/g:1⟧。"
    assert (t2.state, t2.note) == ("translated", "number checked by vendor")
    assert sf.segments[4].tgt == "" and sf.segments[4].state == "needs-translation"


def test_xliff20_reader_splits_units_into_segments():
    sf = read_segments(FIXTURES / "sample20.xliff")
    assert (sf.format, sf.src_lang, sf.tgt_lang) == ("xliff-2.0", "en", "zh")
    assert sf.ids == ("u1", "u2", "u3/a", "u3/b", "u4")
    assert sf.segments[1].note == "number checked by vendor"
    assert sf.segments[4].state == "initial"  # the default state in 2.0


def test_tmx_reader_uses_tuid_xml_lang_and_marks_native_codes():
    sf = read_segments(FIXTURES / "sample.tmx")
    assert (sf.format, sf.src_lang, sf.tgt_lang) == ("tmx-1.4", "en-US", "zh-CN")
    assert sf.ids[:2] == ("geneva-1", "geneva-2")
    # <bpt>/<ept> become markers; their content (&lt;b&gt;) is native code, dropped
    assert sf.segments[1].src == "Russia has moved ⟦bpt:1⟧100,000 troops⟦ept:1⟧ near the border."


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_xliff12_inline_codes_become_markers(tmp_path):
    sf = read_segments(FIXTURES / "inline_codes.xlf")
    assert sf.segments[1].src == "You have ⟦ph:1⟧ new messages in your inbox."  # %d inside <ph> is code
    assert sf.segments[2].tgt == "按⟦bx:2⟧回车键⟦ex:3⟧继续。⟦x:4⟧然后等待。"
    path = _write(tmp_path, "more.xlf", f"""<xliff version="1.2" xmlns="{XLIFF12}"><file source-language="en"
        target-language="zh"><body><trans-unit id="1"><source>A <bpt id="5">&lt;a href="x"&gt;<sub>tip</sub></bpt>link<ept
        id="5">&lt;/a&gt;</ept>, <it id="6" pos="open">&lt;i&gt;</it>more <mrk mtype="term">terms</mrk> and
        <ph>&lt;br/&gt;</ph>.</source></trans-unit></body></file></xliff>""")
    assert read_segments(path).segments[0].src == "A ⟦bpt:5⟧link⟦ept:5⟧, ⟦it:6⟧more terms and ⟦ph⟧."


def test_xliff20_inline_codes_become_markers(tmp_path):
    path = _write(tmp_path, "codes.xliff", f"""<xliff xmlns="{XLIFF20}" version="2.0" srcLang="en" trgLang="zh">
      <file id="f"><unit id="u"><originalData><data id="d1">&lt;br/&gt;</data></originalData><segment>
        <source>Click <pc id="1">Save</pc>,<ph id="2" dataRef="d1"/>then <sc id="3"/>wait<ec startRef="3"/>
          <sm id="m" type="comment"/>a <mrk id="t" translate="no">bit</mrk><em startRef="m"/>.</source>
        <target>点击<pc id="1">保存</pc>，<ph id="2" dataRef="d1"/>然后<sc id="3"/>等待<ec startRef="3"/>一下。</target>
      </segment></unit></file></xliff>""")
    seg = read_segments(path).segments[0]
    assert seg.src == "Click ⟦pc:1⟧Save⟦/pc:1⟧,⟦ph:2⟧then ⟦sc:3⟧wait⟦ec:3⟧ a bit."  # <sm>/<em> dropped, <mrk> text kept
    assert seg.tgt == "点击⟦pc:1⟧保存⟦/pc:1⟧，⟦ph:2⟧然后⟦sc:3⟧等待⟦ec:3⟧一下。"


def test_tmx_inline_codes_become_markers(tmp_path):
    path = _write(tmp_path, "codes.tmx", """<tmx version="1.4"><header srclang="en"/><body><tu>
      <tuv xml:lang="en"><seg>Go <ph x="1">&lt;br/&gt;</ph>to <hi type="term">Geneva</hi><ut>&lt;span&gt;</ut> <it pos="end"
        x="2">&lt;/i&gt;</it>now.</seg></tuv>
      <tuv xml:lang="zh"><seg>去<ph x="1">&lt;br/&gt;</ph>日内瓦<it pos="end" x="2">&lt;/i&gt;</it>。</seg></tuv>
    </tu></body></tmx>""")
    seg = read_segments(path).segments[0]
    assert (seg.src, seg.tgt) == ("Go ⟦ph:1⟧to Geneva⟦ut⟧ ⟦it:2⟧now.", "去⟦ph:1⟧日内瓦⟦it:2⟧。")


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("no codes  here ", "no codes  here "),  # untouched, spaces and all
        ("Press ⟦ph:1⟧ to go ⟦ph⟧.", "Press to go ."),
        ("Line one.⟦x:4⟧Line two", "Line one.Line two"),
        ("line⟦x:1⟧break", "line break"),  # words do not run together
        ("点击⟦g:1⟧保存⟦/g:1⟧。", "点击保存。"),
        ("a ⟦ not a code ⟧ b ⟦math⟧", "a ⟦ not a code ⟧ b ⟦math⟧"),
    ],
)
def test_strip_codes(text, plain):
    assert strip_codes(text) == plain


def test_code_marker_ids_are_made_safe():
    assert code_marker("ph", "1") == "⟦ph:1⟧" and code_marker("g", "a b⟧", closing=True) == "⟦/g:a_b_⟧"
    assert code_marker("x") == "⟦x⟧" and strip_codes(f"a {code_marker('ph', '{0} x')} b") == "a b"


def test_tabular_readers_map_columns(tmp_path):
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text('key\tsource\ttranslation\n7\tHe said "no".\t他说"不"。\n', encoding="utf-8")
    sf = read_segments(tsv)
    assert sf.segments[0].id == "7" and sf.segments[0].src == 'He said "no".'
    csv_file = tmp_path / "pairs.csv"
    csv_file.write_text('en,zh\n"Hello, world.",你好，世界。\n', encoding="utf-8")
    sf = read_tabular(csv_file, columns={"src": "en", "tgt": 1})
    assert (sf.segments[0].id, sf.segments[0].src, sf.segments[0].tgt) == ("1", "Hello, world.", "你好，世界。")
    with pytest.raises(InputError, match="no src or tgt column"):
        read_tabular(csv_file)
    jsonl = tmp_path / "pairs.jsonl"
    jsonl.write_text('{"id": "a", "src": "Hi.", "tgt": "嗨。", "note": "n"}\n', encoding="utf-8")
    assert read_segments(jsonl).segments[0].note == "n"


@pytest.fixture(scope="module")
def format_run(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("inputs")
    for name in ("sample12.xlf", "sample20.xliff", "sample.tmx"):
        shutil.copy(FIXTURES / name, inputs / name)
    before = {p.name: p.read_bytes() for p in inputs.iterdir()}
    out = tmp_path_factory.mktemp("reports")
    result = CliRunner().invoke(app, ["run", str(inputs), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in inputs.iterdir()} == before  # inputs never modified
    return out


@pytest.mark.parametrize(
    ("doc_id", "fmt", "number_unit", "negation_unit"),
    [("sample12", "xliff-1.2", "t2", "t3"), ("sample20", "xliff-2.0", "u2", "u3/a"),
     ("sample", "tmx-1.4", "geneva-2", "geneva-3")],
)
def test_run_maps_flags_back_to_unit_ids(format_run, doc_id, fmt, number_unit, negation_unit):
    report = json.loads((format_run / doc_id / "report.json").read_text(encoding="utf-8"))
    assert report["format"] == fmt and report["paired"] is True
    assert len(report["unit_ids"]) == len(report["alignments"])
    for alignment, unit_id in zip(report["alignments"], report["unit_ids"]):
        assert alignment["unit_id"] == unit_id
        assert len(alignment["src"]) <= 1 and len(alignment["tgt"]) <= 1  # one bead per unit
    flagged = {(f["unit_id"], f["type"]) for f in report["flags"]}
    assert (number_unit, "number") in flagged  # 100,000 vs 1万
    assert (negation_unit, "negation") in flagged  # "does not want" vs 想要
    assert {f["unit_id"] for f in report["flags"]} <= {number_unit, negation_unit, "t5"}


def test_alignment_csv_carries_unit_ids(format_run):
    import pandas as pd

    frame = pd.read_csv(format_run / "sample12" / "alignment.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns[:2]) == ["bead", "unit_id"]
    assert frame.loc[frame["flags"].str.contains("omission"), "unit_id"].tolist() == ["t5"]


def test_empty_target_is_an_omission_of_that_unit(format_run):
    report = json.loads((format_run / "sample12" / "report.json").read_text(encoding="utf-8"))
    omissions = [f for f in report["flags"] if f["type"] == "omission"]
    assert [f["unit_id"] for f in omissions] == ["t5"]


def test_annotated_xliff12_copy(format_run):
    root = safe_parse(format_run / "sample12" / "annotated.xlf").getroot()
    units = {u.get("id"): u for u in root.iter(f"{{{XLIFF12}}}trans-unit")}
    t2 = units["t2"]
    assert t2.find(f"{{{XLIFF12}}}target").get("state") == "needs-review-translation"
    notes = [n for n in t2.findall(f"{{{XLIFF12}}}note") if n.get("from") == "evaltool"]
    assert len(notes) == 1 and "number" in notes[0].text and notes[0].get("priority") == "1"
    assert units["t1"].find(f"{{{XLIFF12}}}target").get("state") == "translated"
    assert not units["t1"].findall(f"{{{XLIFF12}}}note")
    assert "a comment kept" in (format_run / "sample12" / "annotated.xlf").read_text(encoding="utf-8")
    assert not (format_run / "sample" / "annotated.xlf").exists()  # TMX: no annotated copy


def test_annotated_xliff20_copy(format_run):
    root = safe_parse(format_run / "sample20" / "annotated.xlf").getroot()
    units = {u.get("id"): u for u in root.iter(f"{{{XLIFF20}}}unit")}
    segments = {s.get("id"): s for s in units["u3"].findall(f"{{{XLIFF20}}}segment")}
    assert (segments["a"].get("state"), segments["a"].get("subState")) == ("initial", "evaltool:needs-review")
    assert segments["b"].get("state") == "final"
    notes = units["u3"].find(f"{{{XLIFF20}}}notes")
    assert list(units["u3"]).index(notes) == 0  # <notes> comes before the segments
    assert [n.get("category") for n in notes] == ["evaltool"]
    assert [n.get("category") for n in units["u2"].find(f"{{{XLIFF20}}}notes")] == ["vendor", "evaltool"]
    assert units["u1"].find(f"{{{XLIFF20}}}notes") is None


def test_index_links_every_document(format_run):
    index = (format_run / "index.html").read_text(encoding="utf-8")
    for doc_id in ("sample12", "sample20", "sample"):
        assert f'href="{doc_id}/report.html"' in index
    assert "<svg" in index and "http://" not in index and "<script" not in index


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion_laughs.xlf", "refused unsafe XML"),
        ("external_entity.xlf", "refused unsafe XML"),
        ("external_entity.tmx", "refused unsafe XML"),
        ("malformed.xlf", "not well-formed XML at line 3"),
    ],
)
def test_hostile_and_malformed_xml_exit_2_with_one_line(tmp_path, name, message):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(FIXTURES / name), "--out", str(out)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("evaltool: error:") and message in lines[0]
    assert "root:" not in result.output and "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())  # no report written


def test_wrong_root_and_empty_file_are_input_errors(tmp_path):
    bad = tmp_path / "x.xlf"
    bad.write_text("<tmx version='1.4'><body/></tmx>", encoding="utf-8")
    with pytest.raises(InputError, match="not an XLIFF file"):
        read_segments(bad)
    empty = tmp_path / "e.tmx"
    empty.write_text("<tmx version='1.4'><header srclang='en'/><body/></tmx>", encoding="utf-8")
    with pytest.raises(InputError, match="no translation units"):
        read_segments(empty)


def _multilingual_tmx(tmp_path: Path, srclang: str) -> Path:
    """The sample TMX with srclang replaced and a German variant added to every unit."""
    text = (FIXTURES / "sample.tmx").read_text(encoding="utf-8").replace('srclang="en-US"', f'srclang="{srclang}"')
    text = text.replace('<tuv xml:lang="zh-CN">', '<tuv xml:lang="de-DE"><seg>Ein Satz.</seg></tuv><tuv xml:lang="zh-CN">')
    path = tmp_path / "multi.tmx"
    path.write_text(text, encoding="utf-8")
    return path


def test_tmx_all_languages_header_takes_the_languages_given(tmp_path):
    path = _multilingual_tmx(tmp_path, "*all*")
    with pytest.raises(InputError, match="no source language"):
        read_segments(path)
    sf = read_segments(path, src_lang="en", tgt_lang="zh")
    assert (sf.src_lang, sf.tgt_lang) == ("en-US", "zh-CN")
    assert sf.segments[0].tgt == "美国和俄罗斯周一在日内瓦举行了会谈。"
    # a declared srclang wins over the fallback; the target is still needed among several
    declared = read_segments(_multilingual_tmx(tmp_path, "en-US"), src_lang="zh", tgt_lang="zh")
    assert (declared.src_lang, declared.tgt_lang) == ("en-US", "zh-CN")


def test_run_passes_the_cli_languages_to_a_multilingual_tmx(tmp_path):
    path = _multilingual_tmx(tmp_path, "*all*")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(path), "--src-lang", "en", "--tgt-lang", "zh",
                                      "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "multi" / "report.json").read_text(encoding="utf-8"))
    assert (report["src_lang"], report["tgt_lang"]) == ("en", "zh") and report["paired"] is True
    assert ("geneva-2", "number") in {(f["unit_id"], f["type"]) for f in report["flags"]}


def test_run_flags_an_inline_code_the_translation_drops(tmp_path):
    """A target that loses a <ph> gets an entity flag on that unit; the scores are those of the same
    file without any inline code (markers are left out of embeddings and metrics)."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    text = (FIXTURES / "inline_codes.xlf").read_text(encoding="utf-8")
    (inputs / "codes.xlf").write_text(text, encoding="utf-8")
    plain = re.sub(r"<ph\b[^>]*>.*?</ph>|</?(?:g|bx|ex|x)\b[^>]*>", "", text)
    assert "<ph" not in plain and "<x " not in plain
    (inputs / "plain.xlf").write_text(plain, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(inputs), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    codes, bare = (json.loads((out / d / "report.json").read_text(encoding="utf-8")) for d in ("codes", "plain"))
    entity = [(f["unit_id"], f["severity"], f["evidence"]) for f in codes["flags"] if f["type"] == "entity"]
    assert entity == [("inbox", "major", "tag missing in the translation: ⟦ph:1⟧")]
    assert codes["alignments"][1]["src_text"] == "You have ⟦ph:1⟧ new messages in your inbox."  # shown as read
    assert codes["scores"] == bare["scores"]
    assert [a["similarity"] for a in codes["alignments"]] == [a["similarity"] for a in bare["alignments"]]
    others = [(f["unit_id"], f["type"], f["severity"]) for f in codes["flags"] if f["type"] != "entity"]
    assert others == [(f["unit_id"], f["type"], f["severity"]) for f in bare["flags"]]
    notes = (out / "codes" / "annotated.xlf").read_text(encoding="utf-8")
    assert "⟦ph:1⟧" in notes  # the annotated copy names the lost code


# --- XLIFF 1.2 <seg-source> sub-segments (<mrk mtype="seg" mid="…">), as SDL Trados, memoQ and Okapi export them


def _xliff12(tmp_path: Path, units: str, name: str = "seg.xlf") -> Path:
    return _write(tmp_path, name, f"""<xliff version="1.2" xmlns="{XLIFF12}"><file original="f" source-language="en"
        target-language="zh" datatype="plaintext"><body>{units}</body></file></xliff>""")


def test_xliff12_seg_source_gives_one_segment_per_mid():
    sf = read_segments(FIXTURES / "segsource12.xlf")
    assert sf.ids == ("p1/1", "p1/2", "p2")  # a unit with one sub-segment keeps its own id, as in XLIFF 2.0
    first_, second, third = sf.segments
    assert first_.src == "The United States and Russia held talks in Geneva on Monday."
    assert first_.tgt == "美国和俄罗斯周一在日内瓦举行了会谈。"
    assert (second.src, second.tgt) == ("Washington does not want a war.", "华盛顿想要一场战争。")
    assert {(s.state, s.note) for s in (first_, second)} == {("translated", "reviewed by vendor")}  # unit's, on each
    assert (third.src, third.tgt, third.state) == (
        "Click ⟦g:1⟧Save⟦/g:1⟧ to keep your changes.", "点击⟦g:1⟧保存⟦/g:1⟧以保留您的更改。", "final")


def test_xliff12_seg_source_pairs_by_mid_and_marks_codes(tmp_path):
    path = _xliff12(tmp_path, """
      <trans-unit id="u"><source>ignored</source>
        <seg-source>Lead text <mrk mtype="seg" mid="a">Press <ph id="1">&lt;b&gt;</ph>Enter.</mrk>
          <g id="2"><mrk mtype="seg" mid="b">Then <mrk mtype="term">wait</mrk>.</mrk></g> trailing</seg-source>
        <target state="translated"><mrk mtype="seg" mid="b">然后等待。</mrk>
          <mrk mtype="seg" mid="a">按<ph id="1">&lt;b&gt;</ph>回车。</mrk></target>
        <note>n1</note><note>n2</note>
      </trans-unit>
      <trans-unit id="plain"><source>Plain unit.</source><target>普通单元。</target></trans-unit>""")
    sf = read_segments(path)
    assert sf.ids == ("u/a", "u/b", "plain")  # seg-source order, whatever the target's order
    a, b, plain = sf.segments
    assert (a.src, a.tgt) == ("Press ⟦ph:1⟧Enter.", "按⟦ph:1⟧回车。")  # text outside the marks is not read
    assert (b.src, b.tgt) == ("Then wait.", "然后等待。")  # a mark inside <g>; other <mrk> keep their text
    assert a.note == b.note == "n1\nn2" and a.state == b.state == "translated"
    assert (plain.id, plain.src, plain.tgt) == ("plain", "Plain unit.", "普通单元。")  # no seg-source: unchanged


def test_xliff12_seg_source_missing_and_stray_target_marks(tmp_path):
    """A mid missing from the target is an empty target (omission); a target mid that the seg-source
    lacks is read as a sub-segment of its own with an empty source (an addition), not dropped."""
    path = _xliff12(tmp_path, """
      <trans-unit id="u"><source>One. Two.</source>
        <seg-source><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></seg-source>
        <target><mrk mtype="seg" mid="1">一。</mrk><mrk mtype="seg" mid="7">七。</mrk></target></trans-unit>
      <trans-unit id="empty"><source>Three. Four.</source>
        <seg-source><mrk mtype="seg" mid="1">Three.</mrk><mrk mtype="seg" mid="2">Four.</mrk></seg-source>
        <target state="needs-translation"/></trans-unit>
      <trans-unit id="untargeted"><source>Five.</source>
        <seg-source><mrk mtype="seg">Five.</mrk><mrk mtype="seg">Six.</mrk></seg-source></trans-unit>""")
    sf = read_segments(path)
    assert [(s.id, s.src, s.tgt) for s in sf.segments] == [
        ("u/1", "One.", "一。"), ("u/2", "Two.", ""), ("u/7", "", "七。"),
        ("empty/1", "Three.", ""), ("empty/2", "Four.", ""),
        ("untargeted/1", "Five.", ""), ("untargeted/2", "Six.", ""),  # no mid: the mark's position
    ]
    assert sf.segments[3].state == "needs-translation"


def test_xliff12_seg_source_that_cannot_be_split_is_read_whole(tmp_path):
    path = _xliff12(tmp_path, """
      <trans-unit id="unsplit-target"><source>One. Two.</source>
        <seg-source><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></seg-source>
        <target>一。二。</target></trans-unit>
      <trans-unit id="no-seg-marks"><source>Three <mrk mtype="term">terms</mrk>.</source>
        <seg-source>Three <mrk mtype="term">terms</mrk>.</seg-source><target>三个术语。</target></trans-unit>
      <trans-unit id="dup"><source>A. B.</source>
        <seg-source><mrk mtype="seg" mid="1">A.</mrk> <mrk mtype="seg" mid="1">B.</mrk></seg-source>
        <target><mrk mtype="seg" mid="1">甲。</mrk><mrk mtype="seg" mid="1">乙。</mrk></target></trans-unit>""")
    sf = read_segments(path)
    assert [(s.id, s.src, s.tgt) for s in sf.segments] == [
        ("unsplit-target", "One. Two.", "一。二。"),  # a target with text but no marks: the whole unit
        ("no-seg-marks", "Three terms.", "三个术语。"),  # no mtype="seg" marks: the whole unit
        ("dup", "A. B.", "甲。 乙。"),  # marks repeating a mid are read together
    ]


@pytest.fixture(scope="module")
def seg_source_run(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("seg_inputs")
    shutil.copy(FIXTURES / "segsource12.xlf", inputs / "segsource12.xlf")
    before = (inputs / "segsource12.xlf").read_bytes()
    out = tmp_path_factory.mktemp("seg_reports")
    result = CliRunner().invoke(app, ["run", str(inputs / "segsource12.xlf"), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (inputs / "segsource12.xlf").read_bytes() == before
    return out / "segsource12"


def test_run_flags_the_seg_source_sub_segment(seg_source_run):
    report = json.loads((seg_source_run / "report.json").read_text(encoding="utf-8"))
    assert report["format"] == "xliff-1.2" and report["unit_ids"] == ["p1/1", "p1/2", "p2"]
    assert [a["unit_id"] for a in report["alignments"]] == ["p1/1", "p1/2", "p2"]
    assert report["alignments"][1]["unit_note"] == "reviewed by vendor"
    assert {(f["unit_id"], f["type"]) for f in report["flags"]} == {("p1/2", "negation")}  # not p1/1, not p2


def test_annotated_xliff12_seg_source_copy(seg_source_run):
    from xml.etree.ElementTree import canonicalize

    annotated = (seg_source_run / "annotated.xlf").read_text(encoding="utf-8")
    root = safe_parse(seg_source_run / "annotated.xlf").getroot()
    units = {u.get("id"): u for u in root.iter(f"{{{XLIFF12}}}trans-unit")}
    notes = [n for n in units["p1"].findall(f"{{{XLIFF12}}}note") if n.get("from") == "evaltool"]
    assert len(notes) == 1 and notes[0].text.startswith("segment 2: evaltool negation (critical)")
    assert units["p1"].find(f"{{{XLIFF12}}}target").get("state") == "needs-review-translation"
    assert units["p2"].find(f"{{{XLIFF12}}}target").get("state") == "final"
    assert not units["p2"].findall(f"{{{XLIFF12}}}note")
    # nothing else changes: without the note and the state, the copy is the input (canonical XML)
    undone = re.sub(r"\n *<note from=\"evaltool\"[^<]*</note>", "", annotated, count=1)
    undone = undone.replace('state="needs-review-translation"', 'state="translated"')
    undone = undone.split("?>", 1)[1]  # the declaration (quotes differ)
    original = (FIXTURES / "segsource12.xlf").read_text(encoding="utf-8").split("?>", 1)[1]
    assert canonicalize(undone, with_comments=True) == canonicalize(original, with_comments=True)


def test_annotate_maps_every_sub_segment_flag_to_its_trans_unit(tmp_path):
    from evaltool.report.annotate import annotate_xliff

    path = _xliff12(tmp_path, """
      <trans-unit id="u"><source>One. Two.</source>
        <seg-source><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></seg-source>
        <target><mrk mtype="seg" mid="1">一。</mrk><mrk mtype="seg" mid="7">七。</mrk></target></trans-unit>
      <trans-unit id="single"><source>Three.</source>
        <seg-source><mrk mtype="seg" mid="3">Three.</mrk></seg-source>
        <target><mrk mtype="seg" mid="3">四。</mrk></target></trans-unit>
      <trans-unit id="quiet"><source>Five.</source>
        <seg-source><mrk mtype="seg" mid="5">Five.</mrk><mrk mtype="seg" mid="6">Six.</mrk></seg-source>
        <target><mrk mtype="seg" mid="5">五。</mrk><mrk mtype="seg" mid="6">六。</mrk></target></trans-unit>""")

    def flag(unit_id, kind):
        return {"unit_id": unit_id, "type": kind, "severity": "major", "evidence": "e"}
    flags = [flag("u/7", "addition"), flag("u/2", "omission"), flag("single", "number"), flag("quiet", "stale")]
    root = safe_fromstring(annotate_xliff(path, {"format": "xliff-1.2", "flags": flags}))
    units = {u.get("id"): u for u in root.iter(f"{{{XLIFF12}}}trans-unit")}
    texts = {k: [n.text for n in u.findall(f"{{{XLIFF12}}}note")] for k, u in units.items()}
    assert texts == {
        "u": ["segment 2: evaltool omission (major): e", "segment 7: evaltool addition (major): e"],  # mid order
        "single": ["evaltool number (major): e"],  # its own id, no mid to name
        "quiet": [],  # a flag on the bare id of a split unit is not its own
    }
    assert units["quiet"].find(f"{{{XLIFF12}}}target").get("state") is None


def _undo_annotation(data: bytes) -> bytes:
    """An annotated copy without evaltool's notes and with no state attributes (nor those of the input)."""
    data = re.sub(rb'\s*<(?:\w+:)?note (?:from|category)="evaltool".*?</(?:\w+:)?note>', b"", data, flags=re.S)
    data = re.sub(rb"<(\w+:)?notes></(?:\w+:)?notes>\s*", b"", data)
    return re.sub(rb"""\s(?:state|subState)\s*=\s*("[^"]*"|'[^']*')""", b"", data)


def _flag_every_unit(path: Path, fmt: str) -> dict:
    ids = read_segments(path).ids
    return {"format": fmt, "flags": [
        {"unit_id": unit_id, "type": "number", "severity": "major", "evidence": "1 < 2 & \"3\""} for unit_id in ids
    ]}


@pytest.mark.parametrize("name", ["sample12.xlf", "sample20.xliff", "inline_codes.xlf", "segsource12.xlf"])
def test_annotated_copy_is_the_input_byte_for_byte_outside_the_notes(name):
    from evaltool.report.annotate import annotate_xliff

    path = FIXTURES / name
    data = path.read_bytes()
    annotated = annotate_xliff(path, _flag_every_unit(path, read_segments(path).format))
    assert annotated.split(b"\n", 1)[0] == data.split(b"\n", 1)[0]  # the declaration as it was
    assert annotated.count(b'"evaltool') >= len(read_segments(path).ids)
    assert _undo_annotation(annotated) == _undo_annotation(data)
    assert annotated != data and safe_fromstring(annotated) is not None  # still well-formed


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_annotated_copy_keeps_quotes_prefixes_line_ends_and_encoding(tmp_path, encoding):
    from evaltool.report.annotate import annotate_xliff

    text = (
        f"<?xml version='1.0' encoding='{encoding}'?>\r\n"
        "<x:xliff xmlns:x='urn:oasis:names:tc:xliff:document:2.0' version='2.0' srcLang='en' trgLang='zh'>\r\n"
        "  <x:file id='f'>\r\n"
        "    <x:unit id='a'><x:notes/><x:segment state = 'translated' id='s'>"
        "<x:source>Not now &amp; here.</x:source><x:target>现在 &amp; 这里。</x:target></x:segment></x:unit>\r\n"
        "    <x:unit id='b'>\r\n      <x:segment id='s'><x:source>Hi.</x:source><x:target>你好。</x:target></x:segment>\r\n"
        "    </x:unit>\r\n  </x:file>\r\n</x:xliff>\r\n"
    )
    path = tmp_path / "prefixed.xlf"
    path.write_bytes(text.encode(encoding))
    flags = [{"unit_id": u, "type": "negation", "severity": "critical", "evidence": "中 <e>"} for u in ("a", "b")]
    annotated = annotate_xliff(path, {"format": "xliff-2.0", "flags": flags}).decode(encoding)
    assert "<x:unit id='a'><x:notes><x:note category=\"evaltool\"" in annotated  # <notes/> opened, prefix kept
    assert "<x:segment state = 'initial' id='s' subState=\"evaltool:needs-review\">" in annotated
    assert "\r\n      <x:notes><x:note" in annotated and "中 &lt;e&gt;</x:note></x:notes>\r\n      <x:segment" in annotated
    undone = _undo_annotation(annotated.encode("utf-8")).replace(b"<x:notes></x:notes>", b"")
    assert undone == _undo_annotation(text.encode("utf-8")).replace(b"<x:notes/>", b"")
