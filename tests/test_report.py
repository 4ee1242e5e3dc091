"""Reports: schema, escaping of hostile text, CSV rows, determinism, gate."""

import json

from evaltool.config import Config, GateConfig
from evaltool.records import Bead, Boilerplate, Document, DocReport, Flag, Sentence
from evaltool.report import report_to_dict, write_run
from evaltool.report.html_report import render_report_html

HOSTILE = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def make_report() -> DocReport:
    src = Document(
        "doc",
        "en",
        (Sentence(0, "Hello there."), Sentence(1, HOSTILE), Sentence(2, "Not translated at all.")),
        boilerplate=(Boilerplate(4, IMG, "caption"),),
        source="doc.en.txt",
    )
    tgt = Document("doc", "zh", (Sentence(0, "你好。"), Sentence(1, "脚本" + IMG)), source="doc.zh.txt")
    beads = (Bead((0,), (0,), 0.81), Bead((1,), (1,), 0.42), Bead((2,), (), 0.0))
    flags = (
        Flag("mistranslation", "major", f"similarity 0.42 {HOSTILE}", 1),
        Flag("omission", "major", "Not translated at all.", 2),
    )
    return DocReport("doc", src, tgt, beads, flags, {"similarity": 0.615, "coverage": 0.6667}, "sig|x")


def test_report_dict_has_contract_fields():
    data = report_to_dict(make_report())
    for key in ("doc_id", "src_lang", "tgt_lang", "scores", "signature", "alignments", "flags"):
        assert key in data
    omission = data["flags"][1]
    assert omission == {"type": "omission", "severity": "major", "evidence": "Not translated at all.",
                        "bead": 2, "src": [2], "tgt": []}
    assert data["alignments"][2]["flags"][0]["type"] == "omission"
    assert data["alignments"][1]["src_text"] == HOSTILE
    assert data["boilerplate"] == [{"side": "src", "line": 4, "text": IMG, "reason": "caption"}]
    assert data["flag_counts"] == {"mistranslation": {"major": 1}, "omission": {"major": 1}}


def test_html_escapes_every_text():
    html = render_report_html(report_to_dict(make_report()))
    assert HOSTILE not in html and IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "http://" not in html and "https://" not in html  # self-contained, no network
    assert html.count("<script>") == 1  # only our own filter script


def test_write_run_files_and_determinism(tmp_path):
    report = make_report()
    for out in (tmp_path / "a", tmp_path / "b"):
        write_run((report,), out, config=Config(), model="fake", signature="sig|x")
    for name in ("doc/report.json", "doc/alignment.csv", "doc/report.html", "summary.json", "summary.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    csv_lines = (tmp_path / "a/doc/alignment.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv_lines[0] == "bead,src,tgt,kind,similarity,confidence,flags,severity,src_text,tgt_text"
    assert csv_lines[3].startswith("2,2,,1-0,,1.0,omission,major,")  # no similarity for a 1-0 bead
    summary = json.loads((tmp_path / "a/summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["flags"] == {"mistranslation": {"major": 1}, "omission": {"major": 1}}
    assert summary["gate"] == {"configured": False, "passed": True, "failures": []}
    assert "Gate: not configured" in (tmp_path / "a/summary.md").read_text(encoding="utf-8")
    assert not list(tmp_path.rglob("*.tmp"))
    mode = (tmp_path / "a/summary.json").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044 & ~_umask()  # readable by others unless the umask says no


def test_gate_fails_on_coverage():
    from evaltool.report import gate_failures

    data = report_to_dict(make_report())
    config = Config(gate=GateConfig(min_coverage=0.9, max_critical=0))
    assert gate_failures([data], config) == ["doc: coverage 66.67% below 90.00%"]


def test_score_tiles_have_readable_names_and_keep_the_json_key_on_hover():
    html = render_report_html(report_to_dict(make_report()))
    assert 'title="coverage">coverage (share of source sentences translated)<b>67%</b>' in html
    assert 'title="similarity">similarity (mean cosine of aligned pairs)<b>0.615</b>' in html


def make_text_report() -> DocReport:
    """A report of plain-text input: sentences know the 1-based file line they came from."""
    src = Document("txt", "en", (Sentence(0, "One.", 2), Sentence(1, "Two.", 2), Sentence(2, "Three.", 4)),
                   boilerplate=(Boilerplate(1, "Share", "share"),), source="txt.en.txt")
    tgt = Document("txt", "zh", (Sentence(0, "一。二。", 3),), source="txt.zh.txt")
    beads = (Bead((0, 1), (0,), 0.9), Bead((2,), (), 0.0))
    return DocReport("txt", src, tgt, beads, (Flag("omission", "major", "Three.", 1),),
                     {"similarity": 0.9, "coverage": 0.6667, "length_ratio": 1.2, "beads": 2}, "sig|x")


def test_beads_of_text_input_carry_their_file_lines_next_to_the_sentence_indices():
    data = report_to_dict(make_text_report())
    first, second = data["alignments"]
    assert (first["src"], first["tgt"], first["src_lines"], first["tgt_lines"]) == ([0, 1], [0], [2, 2], [3])
    assert (second["src"], second["tgt"], second["src_lines"], second["tgt_lines"]) == ([2], [], [4], [])
    assert data["boilerplate"][0]["line"] == 1  # same numbering as src_lines
    # pre-aligned units / API documents have no file lines: the fields are left out, not invented
    assert all("src_lines" not in a for a in report_to_dict(make_report())["alignments"])


def test_csv_and_html_show_file_lines_and_say_which_numbering_is_which(tmp_path):
    write_run((make_text_report(),), tmp_path, config=Config(), model="fake", signature="sig|x")
    csv_lines = (tmp_path / "txt/alignment.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv_lines[0] == "bead,src,tgt,kind,similarity,confidence,flags,severity,src_text,tgt_text,src_lines,tgt_lines"
    assert csv_lines[1].endswith(",2 2,3") and csv_lines[2].endswith(",4,")
    html = (tmp_path / "txt/report.html").read_text(encoding="utf-8")
    assert ('<td><div>sentences 1–2 of the source<span class="unit-note">, line 2 of the file</span></div>'
            '<div>sentence 1 of the target<span class="unit-note">, line 3 of the file</span></div></td>') in html
    assert ('<td><div>sentence 3 of the source<span class="unit-note">, line 4 of the file</span></div>'
            '<div><span class="empty">no target sentence</span></div></td>') in html
    assert "sentences counted from 1 on each side, leaving out the boilerplate lines" in html
    assert "the lines of the input file they come from" in html
    plain = render_report_html(report_to_dict(make_report()))  # no file lines known: no "line" promised
    assert "counted from 1 on each side" in plain and "of the file" not in plain
    for jargon in ("0-based", "1-based", ":–", "beads,", "1-0/0-1"):
        assert jargon not in html

def test_histogram_caption_counts_the_rows_it_leaves_out(tmp_path):
    html = render_report_html(report_to_dict(make_report()))  # 3 beads: 2 pairs and one 1-0
    assert "2 pairs with a translation; 1 row with a sentence on one side only (no counterpart) not shown" in html
    assert "similarity of 2 aligned pairs, 0 to 1; 1 with a sentence on one side only not shown" in html
    write_run((make_report(), make_text_report()), tmp_path, config=Config(), model="fake", signature="s")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "3 pairs with a translation; 2 rows with a sentence on one side only (no counterpart) not shown" in index


def test_figures_are_explained_where_they_are_shown(tmp_path):
    html = render_report_html(report_to_dict(make_text_report()))
    assert "<dt>length ratio</dt><dd>target length ÷ source length, Chinese counted in characters" in html
    assert "<dt>rows</dt><dd>rows of the alignment table (report.json calls them beads)" in html
    assert "rows (aligned sentence groups, including sentences with no counterpart)" in html
    assert "aligned units" not in html
    write_run((make_report(),), tmp_path, config=Config(), model="fake", signature="s")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<dt>risk</dt><dd>(critical + major flags) ÷ source sentences; minor flags do not count." in index
    assert 'class="num" title="(critical + major flags) ÷ source sentences;' in index
    assert "<dt>coverage</dt>" in index


def _one_document_run(folder, config=Config()) -> tuple[str, str]:
    """Write a run of one document; return its summary.md and index.html."""
    write_run((make_report(),), folder, config=config, model="fake", signature="sig|x")
    return (folder / "summary.md").read_text(encoding="utf-8"), (folder / "index.html").read_text(encoding="utf-8")


def test_a_run_of_one_document_is_singular_everywhere(tmp_path):
    import re

    from evaltool.report import gate_failures

    summary_md, index = _one_document_run(tmp_path)
    assert "1 document, 1 paired." in summary_md
    assert "<title>evaltool · run of 1 document</title>" in index
    assert "evaltool run: 1 document, 1 paired" in index
    for text in (summary_md, index):
        assert not re.search(r"\b1 (documents|sentences|flags|aligned pairs)\b", text)
    html = render_report_html(report_to_dict(make_report()))
    assert "histogram of 2 aligned pairs" in html
    one_flag = report_to_dict(make_report())
    one_flag["flag_counts"] = {"negation": {"critical": 1}}
    assert gate_failures([one_flag], Config(gate=GateConfig(max_critical=0))) == [
        "1 critical flag (at most 0 allowed)"
    ]


def test_a_run_without_gate_points_to_the_example_config(tmp_path):
    summary_md, index = _one_document_run(tmp_path)
    assert "Gate: not configured" in summary_md
    assert "data/examples/localization_qa.toml" in summary_md
    assert "data/examples/localization_qa.toml" in index
    gated_summary, _ = _one_document_run(tmp_path / "gated", Config(gate=GateConfig(max_critical=5)))
    assert "localization_qa.toml" not in gated_summary


def test_similarity_shows_three_decimals_and_coverage_a_percentage_in_every_table(tmp_path):
    summary_md, index = _one_document_run(tmp_path)
    row = next(line for line in summary_md.splitlines() if line.startswith("| doc |"))
    assert "| 0.615 | 67% |" in row
    assert "Flags in all documents: 0 critical, 2 major, 0 minor (mistranslation 1, omission 1)." in summary_md
    assert ">0.615<" in index and ">67%<" in index
    html = render_report_html(report_to_dict(make_report()))
    assert '<td class="num">0.810</td>' in html and '<td class="num">0.420</td>' in html
    tiles = render_report_html(report_to_dict(make_text_report()))
    assert "<b>67%</b>" in tiles and "<b>1.20</b>" in tiles and "no counterpart)<b>2</b>" in tiles


def test_length_ratio_legend_gives_the_measured_norms():
    html = render_report_html(report_to_dict(make_text_report()))
    assert "about 1.3–1.9 for en→zh and 0.55–0.8 for zh→en" in html


def _flagged_report(doc_id: str, folder: str, flags: tuple[Flag, ...], sentences: int = 10) -> DocReport:
    src = Document(doc_id, "zh", tuple(Sentence(i, f"第{i}句。") for i in range(sentences)),
                   source=f"/audit/L1/{folder}/{doc_id}.zh.txt")
    tgt = Document(doc_id, "en", tuple(Sentence(i, f"Sentence {i}.") for i in range(sentences)),
                   source=f"/audit/L1/{folder}/{doc_id}.en.txt")
    beads = tuple(Bead((i,), (i,), 0.8) for i in range(sentences))
    return DocReport(f"{folder}__{doc_id}", src, tgt, beads, flags, {"similarity": 0.8, "coverage": 1.0,
                                                                    "src_sentences": sentences}, "s")


def test_summary_and_index_name_each_documents_files_relative_to_the_run_root(tmp_path):
    hostile = Document("x", "en", (Sentence(0, "Hi."),), source=f"/audit/L1/{HOSTILE}/x.en.txt")
    reports = (
        _flagged_report("doc01", "didi", ()),
        _flagged_report("doc01", "niutrans", ()),
        DocReport("lonely", hostile, None, scores={"src_sentences": 1}, note="no counterpart"),
    )
    write_run(reports, tmp_path, config=Config(), model="fake", signature="s")
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["root"] == "/audit/L1"
    rows = {d["doc_id"]: (d["src_file"], d["tgt_file"]) for d in summary["documents"]}
    assert rows["didi__doc01"] == ("didi/doc01.zh.txt", "didi/doc01.en.txt")
    assert rows["niutrans__doc01"] == ("niutrans/doc01.zh.txt", "niutrans/doc01.en.txt")
    assert rows["lonely"] == (f"{HOSTILE}/x.en.txt", None)
    md = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "Files relative to /audit/L1." in md
    assert "| didi__doc01 | didi/doc01.zh.txt → didi/doc01.en.txt | zh→en |" in md
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Files relative to <code>/audit/L1</code>" in index
    assert '<td class="files"><div>niutrans/doc01.zh.txt</div><div>→ niutrans/doc01.en.txt</div></td>' in index
    assert HOSTILE not in index and "&lt;script&gt;alert(1)&lt;/script&gt;/x.en.txt" in index


def test_summary_of_a_bilingual_file_names_it_once(tmp_path):
    src = Document("seed", "en", (Sentence(0, "Hi."),), source="seeds/seed.txt")
    tgt = Document("seed", "zh", (Sentence(0, "你好。"),), source="seeds/seed.txt")
    write_run((DocReport("seed", src, tgt, (Bead((0,), (0,), 0.9),), (), {"similarity": 0.9}, "s"),), tmp_path,
              config=Config(), model="fake", signature="s")
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["root"] == "seeds"
    assert (summary["documents"][0]["src_file"], summary["documents"][0]["tgt_file"]) == ("seed.txt", "seed.txt")
    assert "| seed | seed.txt | en→zh |" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_index_puts_a_document_with_critical_flags_before_one_with_more_major_flags(tmp_path):
    critical = tuple(Flag("negation", "critical", "not", i) for i in range(2))
    major = tuple(Flag("mistranslation", "major", "low", i) for i in range(8))
    reports = (
        _flagged_report("doc01", "many_major", major),       # risk 0.8, no critical flag
        _flagged_report("doc02", "two_critical", critical, sentences=40),  # risk 0.05, 2 critical
        _flagged_report("doc03", "one_critical", critical[:1]),  # risk 0.1, 1 critical
        _flagged_report("doc04", "clean", ()),
    )
    write_run(reports, tmp_path, config=Config(), model="fake", signature="s")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    order = sorted(("two_critical__doc02", "one_critical__doc03", "many_major__doc01", "clean__doc04"),
                   key=lambda doc_id: index.index(f">{doc_id}</a>"))
    assert order == ["two_critical__doc02", "one_critical__doc03", "many_major__doc01", "clean__doc04"]
    assert "<dt>order</dt><dd>documents with critical flags come first, most critical flags first; then by risk" \
        in index


def test_alignment_csv_is_what_pandas_wrote():
    import pandas as pd

    from evaltool.report.csv_report import alignment_csv, alignment_rows

    def bead(i, src, tgt, similarity, text):
        return {"bead": i, "src": src, "tgt": tgt, "similarity": similarity, "confidence": 1.0, "src_text": text, "tgt_text": text[::-1],
                "flags": [{"type": "omission", "severity": "major"}] if not tgt else [],
                "src_lines": [i + 1], "tgt_lines": [i + 1] if tgt else [], "unit_id": f"u{i}"}

    texts = ['He said "no", then left.', "a,b;c", "two\nlines", "", "  padded  ", "=1+2"]
    alignments = [bead(i, [i], [i] if i % 3 else [], 0.1234 + i / 7 if i % 3 else None, t) for i, t in enumerate(texts)]
    for report in ({"alignments": alignments}, {"alignments": alignments, "unit_ids": ["u0"]}):
        columns, rows = alignment_rows(report)
        expected = pd.DataFrame(rows, columns=columns).to_csv(index=False, lineterminator="\n")
        assert alignment_csv(report) == expected
