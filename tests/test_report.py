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
    assert csv_lines[0] == "bead,src,tgt,kind,similarity,flags,severity,src_text,tgt_text"
    assert csv_lines[3].startswith("2,2,,1-0,,omission,major,")  # no similarity for a 1-0 bead
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
    assert 'title="coverage">coverage (share of source sentences translated)<b>0.6667</b>' in html
    assert 'title="similarity">similarity (mean cosine of aligned pairs)<b>0.615</b>' in html
