"""Flag exports: one row per flag with its texts, read back with pandas (CSV, MQM TSV) and openpyxl (xlsx)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from evaltool.cli import app
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


@pytest.fixture(scope="module")
def run_exports(tmp_path_factory):
    """`run` of the example pair (two dropped lines, a flipped negation, a changed number) with each export."""
    from typer.testing import CliRunner

    outs = {}
    for fmt in ("csv", "xlsx", "mqm"):
        out = tmp_path_factory.mktemp(fmt)
        result = CliRunner().invoke(app, [
            "run", "--src", str(EXAMPLES / "src.zh"), "--tgt", str(EXAMPLES / "candidate.en"), "--lines",
            "--src-lang", "zh", "--tgt-lang", "en", "--out", str(out), "-q", "--export", fmt])
        assert result.exit_code == 0, result.output
        outs[fmt] = out
    return outs


def test_csv_export_has_a_row_per_flag_with_its_texts(run_exports):
    out = run_exports["csv"]
    flags = pd.read_csv(out / "flags.csv", dtype=str, keep_default_na=False)
    report = json.loads((out / "src" / "report.json").read_text(encoding="utf-8"))
    assert len(flags) == len(report["flags"]) and {"omission", "negation", "number"} <= set(flags["type"])
    negation = flags[flags["type"] == "negation"].iloc[0]
    line = int(negation["unit_id"])
    assert negation["source"] == (EXAMPLES / "src.zh").read_text(encoding="utf-8").splitlines()[line - 1]
    assert negation["target"] == (EXAMPLES / "candidate.en").read_text(encoding="utf-8").splitlines()[line - 1]
    assert set(flags[flags["type"] == "omission"]["target"]) == {""}


def test_xlsx_export_reads_back_with_openpyxl(run_exports):
    sheet = openpyxl.load_workbook(run_exports["xlsx"] / "flags.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    csv = pd.read_csv(run_exports["csv"] / "flags.csv", dtype=str, keep_default_na=False)
    assert list(rows[0]) == list(csv.columns) and len(rows) - 1 == len(csv)
    assert sorted(r[rows[0].index("type")] for r in rows[1:]) == sorted(csv["type"])


def test_mqm_export_names_mqm_categories_and_severities(run_exports):
    mqm = pd.read_csv(run_exports["mqm"] / "flags.mqm.tsv", sep="\t", dtype=str, keep_default_na=False)
    assert list(mqm.columns) == ["system", "doc", "seg_id", "category", "severity", "source", "target", "span"]
    assert "Accuracy/Omission" in set(mqm["category"]) and set(mqm["severity"]) <= {"Critical", "Major", "Minor"}


def test_xlsx_export_is_the_same_bytes_for_the_same_flags():
    from evaltool.report.export import export_bytes

    rows = [{"document": "d", "type": "omission", "severity": "major", "evidence": "e", "source": "s"}]
    assert export_bytes(rows, "xlsx") == export_bytes(rows, "xlsx")


def test_check_export_is_written_beside_the_output(runner, tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": "a1", "src": "会谈没有取得进展。", "tgt": "The talks made progress."},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    result = runner.invoke(app, ["check", str(pairs), "--src-lang", "zh", "--tgt-lang", "en", "--out", str(out),
                                 "--export", "csv"])
    assert result.exit_code == 0, result.output
    flags = pd.read_csv(tmp_path / "results.flags.csv", dtype=str, keep_default_na=False)
    assert list(flags["unit_id"]) == ["a1"] and flags["type"].iloc[0] == "negation"
    assert runner.invoke(app, ["check", str(pairs), "--src-lang", "zh", "--tgt-lang", "en", "--export", "csv"]).exit_code == 2
    assert runner.invoke(app, ["run", "seeds", "--out", str(tmp_path / "o"), "--export", "pdf"]).exit_code == 2


def test_compare_export_has_every_flag_of_every_system_with_its_document(runner, tmp_path):
    docs = tmp_path / "docs.txt"
    docs.write_text("".join(f"doc-{i // 5}\n" for i in range(10)), encoding="utf-8")
    out = tmp_path / "cmp"
    result = runner.invoke(app, [
        "compare", "--src", str(EXAMPLES / "src.zh"), "--system", f"base={EXAMPLES / 'baseline.en'}",
        "--system", f"cand={EXAMPLES / 'candidate.en'}", "--baseline", "base", "--docs", str(docs),
        "--src-lang", "zh", "--tgt-lang", "en", "--samples", "50", "--out", str(out), "-q", "--export", "csv"])
    assert result.exit_code == 0, result.output
    flags = pd.read_csv(out / "flags.csv", dtype=str, keep_default_na=False)
    flagged = json.loads((out / "compare.json").read_text(encoding="utf-8"))["flagged"]
    assert len(flags) == len(flagged) and set(flags["system"]) == {r["system"] for r in flagged}
    first = flags.iloc[0]
    line = int(first["src_line"])
    assert first["document"] == f"doc-{(line - 1) // 5}"
    assert first["source"] == (EXAMPLES / "src.zh").read_text(encoding="utf-8").splitlines()[line - 1]
