"""compare: sacrebleu-identical figures, paired tests, flag rates, the gate, the CLI."""

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import sacrebleu

from evaltool.cli import app
from evaltool.compare import compare_systems
from evaltool.compare.compare import Comparison
from evaltool.compare.render import comparison_html, comparison_markdown, figures_table
from evaltool.config import Config, GateConfig, load_config
from evaltool.embed import load_embedder
from evaltool.errors import InputError

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "data" / "examples"
NEWSTEST = REPO.parent / "shared" / "data" / "newstest2021-zhen"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


@pytest.fixture(scope="module")
def embedder():
    return load_embedder(Config().embed)


def test_figures_equal_sacrebleu_on_a_newstest_slice(embedder):
    if not NEWSTEST.is_dir():
        pytest.skip("../shared/data/newstest2021-zhen not present")
    n = 60
    src = _lines(NEWSTEST / "newstest2021.zh-en.src.zh")[:n]
    ref = _lines(NEWSTEST / "newstest2021.zh-en.ref.A.en")[:n]
    systems = {
        name: _lines(NEWSTEST / "systems" / f"newstest2021.zh-en.hyp.{name}.en")[:n]
        for name in ("Borderline", "HuaweiTSC")
    }
    result = compare_systems(
        src=src, systems=systems, baseline="Borderline", references=[ref],
        embedder=embedder, config=Config(src_lang="zh", tgt_lang="en"),
        metrics=("BLEU", "chrF", "TER"), samples=100,
    )
    figures = result.figures.set_index(["system", "figure"])["score"]
    for name, hyps in systems.items():
        assert figures[(name, "BLEU")] == pytest.approx(sacrebleu.corpus_bleu(hyps, [ref]).score, abs=0.01)
        assert figures[(name, "chrF")] == pytest.approx(sacrebleu.corpus_chrf(hyps, [ref]).score, abs=0.01)
        assert figures[(name, "TER")] == pytest.approx(sacrebleu.corpus_ter(hyps, [ref]).score, abs=0.01)
    assert "bs:100" in result.signatures["BLEU"]


def _example(config: Config, embedder):
    return compare_systems(
        src=_lines(EXAMPLES / "src.zh"),
        systems={"baseline": _lines(EXAMPLES / "baseline.en"), "candidate": _lines(EXAMPLES / "candidate.en")},
        baseline="baseline", embedder=embedder, config=config, samples=200,
    )


def test_reference_free_comparison_counts_the_candidates_errors(embedder):
    result = _example(Config(src_lang="zh", tgt_lang="en"), embedder)
    flags = result.flags
    candidate = flags[flags["system"] == "candidate"]
    assert candidate[candidate["type"] == "omission"]["count"].sum() == 2
    assert set(candidate["type"]) >= {"omission", "negation", "number"}
    assert flags[flags["system"] == "baseline"].empty
    sims = result.figures[result.figures["figure"] == "similarity"].set_index("system")
    assert sims.loc["candidate", "score"] < sims.loc["baseline", "score"]
    assert sims.loc["candidate", "delta"] < 0
    assert result.gate_failures == []  # no gate configured
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data  # plain JSON
    assert set(data) == {"baseline", "signatures", "figures", "flags", "documents", "flagged", "gate"}
    assert candidate.set_index("type").loc["omission", "lines"] == [3, 6]  # the emptied lines
    flagged = [(f["line"], f["type"], f["severity"]) for f in data["flagged"]]
    assert flagged == [(3, "omission", "major"), (6, "omission", "major"), (7, "negation", "critical"),
                       (10, "number", "critical")]
    assert "10,000" in data["flagged"][-1]["evidence"]
    markdown = comparison_markdown(result)
    assert "| candidate | omission | major | 2 | " in markdown and "| 3, 6 |" in markdown


def test_flag_lines_not_in_the_baseline(embedder):
    src, cand = _lines(EXAMPLES / "src.zh"), _lines(EXAMPLES / "candidate.en")
    flipped = cand[:6] + [cand[6].replace("will raise", "will not raise")] + cand[7:]  # line 7 right again
    result = compare_systems(src=src, systems={"candidate": cand, "fixed": flipped}, baseline="candidate",
                             embedder=embedder, config=Config(src_lang="zh", tgt_lang="en"), samples=50)
    rows = result.flags.set_index(["system", "type"])
    assert rows.loc[("fixed", "omission"), "lines"] == [3, 6] and rows.loc[("fixed", "omission"), "new_lines"] == []
    assert ("fixed", "negation") not in rows.index and rows.loc[("candidate", "negation"), "new_lines"] == []


def test_gate_rules_from_toml(embedder):
    config = load_config(EXAMPLES / "gate.toml", src_lang="zh", tgt_lang="en")
    failures = _example(config, embedder).gate_failures
    # The two emptied lines: similarity drops by 0.146, significantly under sacrebleu's paired bootstrap
    # (p ≈ 0.045; the shifted-null bootstrap before 0.4 said 0.08), and two new omissions. One flipped
    # negation and one wrong number in 10 lines are listed, not significant.
    assert len(failures) == 2
    assert failures[0].startswith("candidate: similarity 0.576 is 0.146 worse than baseline (limit 0.02, p = 0.04")
    assert failures[1] == "candidate: 2 more omission flags than baseline (limit 0)"
    strict = _example(replace(config, gate=replace(config.gate, p_value=0.01)), embedder)
    assert strict.p_level == 0.01 and strict.gate_failures == failures[1:]
    assert "(p < 0.01)" in comparison_markdown(strict) and "▼" not in figures_table(strict).loc["candidate", "similarity"]
    relaxed = Config(src_lang="zh", tgt_lang="en", gate=GateConfig(max_flags_per_1k={"omission": 100.0}))
    assert _example(relaxed, embedder).gate_failures == []


def test_gate_fails_on_a_significant_rise_in_critical_flags_and_not_on_one_more(embedder):
    src, base, cand = (_lines(EXAMPLES / name) for name in ("src.zh", "baseline.en", "candidate.en"))
    flipped = [i for i in range(len(src)) if base[i] != cand[i] and cand[i] and "not" in base[i]]
    assert len(flipped) == 1
    i = flipped[0]
    config = load_config(EXAMPLES / "gate.toml", src_lang="zh", tgt_lang="en")

    def failures(n_flipped: int, n_lines: int = 30) -> list[str]:
        systems = {"baseline": [base[i]] * n_lines, "candidate": [cand[i]] * n_flipped + [base[i]] * (n_lines - n_flipped)}
        return compare_systems(src=[src[i]] * n_lines, systems=systems, baseline="baseline", embedder=embedder,
                               config=config, samples=200).gate_failures

    assert failures(1) == []
    assert any(f.startswith("candidate: critical/1k") for f in failures(15))


def test_inputs_are_checked(embedder):
    with pytest.raises(InputError, match="baseline 'x' is not one of the systems"):
        compare_systems(src=["a"], systems={"a": ["b"], "b": ["c"]}, baseline="x", embedder=embedder, config=Config())
    with pytest.raises(InputError, match="system b has 2 lines but the source has 1"):
        compare_systems(src=["a"], systems={"a": ["b"], "b": ["c", "d"]}, baseline="a", embedder=embedder,
                        config=Config())


def test_cli_ci_example_exits_1_when_the_candidate_drops_sentences(runner, tmp_path):
    args = ["compare", "--src", str(EXAMPLES / "src.zh"), "--system", f"baseline={EXAMPLES / 'baseline.en'}",
            "--system", f"candidate={EXAMPLES / 'candidate.en'}", "--baseline", "baseline",
            "--src-lang", "zh", "--tgt-lang", "en", "--samples", "200", "--out", str(tmp_path)]
    result = runner.invoke(app, args + ["--config", str(EXAMPLES / "gate.toml")])
    assert result.exit_code == 1
    assert "2 more omission flags" in result.output
    # gate.toml limits BLEU and chrF, which need --ref: say so instead of ignoring them silently
    note = "evaltool: note: gate limits on BLEU/chrF not applied: no --ref"
    assert result.output.count(note) == 1
    for name in ("compare.json", "compare.md", "compare.html"):
        assert (tmp_path / name).is_file()
    assert "| candidate |" in (tmp_path / "compare.md").read_text(encoding="utf-8")
    same = runner.invoke(app, args[:5] + ["--system", f"again={EXAMPLES / 'baseline.en'}"] + args[7:])
    assert same.exit_code == 0, same.output
    assert "not applied" not in same.output  # no config, no string-metric limits


def test_cli_rejects_bad_system_spec(runner):
    result = runner.invoke(app, ["compare", "--src", str(EXAMPLES / "src.zh"), "--system", "nofile",
                                 "--baseline", "a", "--src-lang", "zh", "--tgt-lang", "en"])
    assert result.exit_code == 2
    assert "NAME=FILE" in result.output


def test_table_marks_significant_worsening_and_improvement():
    """▼ for a significant change for the worse, ▲ for the better, nothing when p ≥ 0.05; the direction
    depends on whether the figure is better higher (BLEU) or lower (flag rates)."""
    rows = [
        ("base", "BLEU", "higher", 30.0, None, None),
        ("worse", "BLEU", "higher", 25.0, -5.0, 0.01),
        ("better", "BLEU", "higher", 35.0, 5.0, 0.01),
        ("noise", "BLEU", "higher", 30.5, 0.5, 0.40),
        ("base", "flags/1k", "lower", 2.0, None, None),
        ("worse", "flags/1k", "lower", 4.0, 2.0, 0.01),
        ("better", "flags/1k", "lower", 1.0, -1.0, 0.01),
        ("noise", "flags/1k", "lower", 2.1, 0.1, 0.40),
    ]
    figures = pd.DataFrame(rows, columns=["system", "figure", "better", "score", "delta", "p_value"])
    comparison = Comparison("base", figures, pd.DataFrame(), pd.DataFrame({"doc_id": []}), {})
    table = figures_table(comparison)
    assert table.loc["base", "BLEU"] == "30.00"
    assert table.loc["worse", "BLEU"].endswith("▼") and table.loc["worse", "flags/1k"].endswith("▼")
    assert table.loc["better", "BLEU"].endswith("▲") and table.loc["better", "flags/1k"].endswith("▲")
    assert not table.loc["noise"].str.contains("▲|▼").any()


def test_marks_and_note_follow_the_configured_p_level():
    """[gate] p_value sets the level of the ▲/▼ marks, and the note says which level."""
    rows = [("base", "BLEU", "higher", 30.0, None, None), ("worse", "BLEU", "higher", 25.0, -5.0, 0.03),
            ("much", "BLEU", "higher", 20.0, -10.0, 0.005)]
    figures = pd.DataFrame(rows, columns=["system", "figure", "better", "score", "delta", "p_value"])
    flags = pd.DataFrame(columns=["system", "type", "severity", "count", "per_1k", "lines", "new_lines"])
    strict = Comparison("base", figures, flags, pd.DataFrame({"doc_id": []}), {}, p_level=0.01)
    table = figures_table(strict)
    assert not table.loc["worse", "BLEU"].endswith("▼") and table.loc["much", "BLEU"].endswith("▼")
    assert "significantly better (p < 0.01)" in comparison_markdown(strict)
    assert "significantly better (p &lt; 0.01)" in comparison_html(strict)
    assert figures_table(replace(strict, p_level=0.05)).loc["worse", "BLEU"].endswith("▼")


def test_flag_rate_gate_names_the_unit_of_the_source_language():
    from evaltool.compare.gate import compare_gate_failures

    figures = pd.DataFrame([{"system": "vendor", "figure": "similarity", "score": 0.8, "delta": None,
                             "p_value": None, "ci_low": 0.7, "ci_high": 0.9, "better": "higher"}])
    flags = pd.DataFrame([{"system": "vendor", "type": "omission", "severity": "major", "count": 3, "per_1k": 2.5}])
    gate = GateConfig(max_flags_per_1k={"omission": 1.0})
    zh = compare_gate_failures(figures, flags, baseline="base", gate=gate, src_lang="zh")
    en = compare_gate_failures(figures, flags, baseline="base", gate=gate, src_lang="en")
    assert zh == ["vendor: 2.50 omission flags per 1,000 source characters (limit 1.0)"]
    assert en == ["vendor: 2.50 omission flags per 1,000 source words (limit 1.0)"]


def test_string_metric_limits_left_out_by_metric_are_named():
    from evaltool.cli import _unapplied_string_limits

    config = Config(gate=GateConfig(max_drop={"BLEU": 1.0, "TER": 2.0, "similarity": 0.02}))
    figures = pd.DataFrame({"figure": ["BLEU", "chrF", "similarity"]})
    assert _unapplied_string_limits(config, figures, has_ref=True) == (
        "gate limit on TER not applied: not among the --metric figures"
    )
    assert _unapplied_string_limits(config, figures, has_ref=False) == "gate limits on BLEU/TER not applied: no --ref"
    assert _unapplied_string_limits(Config(), figures, has_ref=False) == ""


def test_gate_message_shows_the_margin_over_the_limit():
    """0.0213 against a limit of 0.02, not "0.02 worse (limit 0.02)", which reads as a pass."""
    from evaltool.compare.gate import compare_gate_failures

    row = {"figure": "similarity", "ci_low": 0.6, "ci_high": 0.7, "better": "higher"}
    figures = pd.DataFrame([
        {**row, "system": "base", "score": 0.7013, "delta": None, "p_value": None},
        {**row, "system": "cand", "score": 0.68, "delta": -0.0213, "p_value": 0.001},
        {**row, "system": "close", "score": 0.681296, "delta": -0.020004, "p_value": 0.001},
    ])
    flags = pd.DataFrame([{"system": "cand", "type": "omission", "severity": "major", "count": 3, "per_1k": 2.004}])
    gate = GateConfig(max_drop={"similarity": 0.02}, max_flags_per_1k={"omission": 2.0})
    failures = compare_gate_failures(figures, flags, baseline="base", gate=gate)
    assert "cand: similarity 0.680 is 0.0213 worse than base (limit 0.02, p = 0.0010 < 0.05)" in failures
    assert "close: similarity 0.681 is 0.020004 worse than base (limit 0.02, p = 0.0010 < 0.05)" in failures
    assert "cand: 2.004 omission flags per 1,000 source words (limit 2.0)" in failures


def test_swapped_languages_are_refused(embedder):
    src, base, cand = (_lines(EXAMPLES / n) for n in ("src.zh", "baseline.en", "candidate.en"))
    with pytest.raises(InputError, match=r"the source was given as English \(en\) but its text is Chinese \(zh\)"):
        compare_systems(src=src, systems={"a": base, "b": cand}, baseline="a", embedder=embedder,
                        config=Config(src_lang="en", tgt_lang="zh"))
    with pytest.raises(InputError, match=r"system b was given as English \(en\) but its text is Chinese"):
        compare_systems(src=src, systems={"a": base, "b": src}, baseline="a", embedder=embedder,
                        config=Config(src_lang="zh", tgt_lang="en"))
    with pytest.raises(InputError, match=r"reference 1 was given as English"):
        compare_systems(src=src, systems={"a": base, "b": cand}, baseline="a", references=[src],
                        embedder=embedder, config=Config(src_lang="zh", tgt_lang="en"))
    with pytest.raises(Exception, match=r"max_drop: unknown key 'chrf'"):  # the API checks the gate too
        compare_systems(src=src, systems={"a": base, "b": cand}, baseline="a", embedder=embedder,
                        config=Config(src_lang="zh", tgt_lang="en", gate=GateConfig(max_drop={"chrf": 0.5})))


def _compare_args(src_lang="zh", tgt_lang="en", candidate=EXAMPLES / "candidate.en"):
    return ["compare", "--src", str(EXAMPLES / "src.zh"), "--system", f"baseline={EXAMPLES / 'baseline.en'}",
            "--system", f"candidate={candidate}", "--baseline", "baseline",
            "--src-lang", src_lang, "--tgt-lang", tgt_lang, "--samples", "50"]


def test_cli_swapped_languages_exit_2_with_one_line(runner):
    result = runner.invoke(app, _compare_args("en", "zh"))
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"evaltool: error: --src {EXAMPLES / 'src.zh'} was given as English (en) "
                                    "but its text is Chinese (zh): check the languages (--src-lang/--tgt-lang)")
    copied = runner.invoke(app, _compare_args(candidate=EXAMPLES / "src.zh"))
    assert copied.exit_code == 2
    assert f"--system candidate={EXAMPLES / 'src.zh'} was given as English (en)" in copied.output


@pytest.mark.parametrize(
    "table, message",
    [
        ("max_drop = { chrf = 0.5 }", "max_drop: unknown key 'chrf'; use a figure: BLEU, chrF,"),
        ("max_drop = { foo = 0.5 }", "max_drop: unknown key 'foo'"),
        ("max_new_flags = { omision = 0 }", "max_new_flags: unknown key 'omision'; use a flag type (addition,"),
        ('max_new_flags = { "negation/crit" = 0 }', "unknown key 'negation/crit'"),
        ('max_drop = { chrF = "x" }', "max_drop: chrF = 'x' must be a number, 0 or more"),
    ],
)
def test_cli_bad_gate_config_exits_2_with_one_line(runner, tmp_path, table, message):
    """Not exit 0 (a typo disabling a check) nor a traceback with exit 1 (read by CI as "gate failed")."""
    path = tmp_path / "gate.toml"
    path.write_text(f"[gate]\n{table}\n", encoding="utf-8")
    result = runner.invoke(app, _compare_args() + ["--config", str(path)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("evaltool: error: [gate] ") and result.output.count("\n") == 1
    assert message in result.output


DOC_IDS = ["doc01"] * 5 + ["doc02"] * 5  # candidate.en: line 3 dropped | line 6 dropped, 7 negation, 10 number


def test_documents_table_counts_each_flag_type_and_names_the_critical_lines(embedder):
    result = compare_systems(
        src=_lines(EXAMPLES / "src.zh"),
        systems={"baseline": _lines(EXAMPLES / "baseline.en"), "candidate": _lines(EXAMPLES / "candidate.en")},
        baseline="baseline", doc_ids=DOC_IDS, embedder=embedder,
        config=Config(src_lang="zh", tgt_lang="en"), samples=50,
    )
    docs = result.documents.set_index(["doc_id", "system"])
    old = ["segments", "similarity", "flags", "critical"]
    audit = ["omission", "addition", "negation", "number", "untranslated"]
    assert list(result.documents.columns[:6]) == ["doc_id", "system", *old]  # columns scripts read stay put
    assert list(result.documents.columns[6:11]) == audit and result.documents.columns[-1] == "critical_lines"
    assert docs.loc[("doc01", "candidate"), ["omission", "negation", "number"]].tolist() == [1, 0, 0]
    assert docs.loc[("doc02", "candidate"), ["omission", "negation", "number"]].tolist() == [1, 1, 1]
    assert docs.loc[("doc02", "candidate"), "critical_lines"] == [7, 10]
    assert docs.loc[("doc01", "baseline"), "critical_lines"] == [] and docs.loc[("doc01", "baseline"), "flags"] == 0
    # the type counts add up to the flag total
    types = [c for c in result.documents.columns if c not in ("doc_id", "system", *old, "critical_lines")]
    assert (result.documents[types].sum(axis=1) == result.documents["flags"]).all()
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    row = next(r for r in data["documents"] if r["doc_id"] == "doc02" and r["system"] == "candidate")
    assert row["negation"] == 1 and row["critical_lines"] == [7, 10] and row["critical"] == 2


def test_document_flag_type_columns_follow_a_fixed_order():
    from evaltool.compare.compare import document_flag_types

    audit = ["omission", "addition", "negation", "number", "untranslated"]
    assert document_flag_types([]) == audit
    assert document_flag_types(["mistranslation", "negation", "entity", "zzz-new"]) == [
        *audit, "entity", "mistranslation", "zzz-new"
    ]


def test_rendered_critical_lines_are_listed_and_cut_when_long():
    from evaltool.compare.render import _line_list

    assert _line_list([12, 40]) == "12, 40" and _line_list([]) == ""
    long = _line_list(list(range(1, 31)))
    assert long.startswith("1, 2, 3") and long.endswith(", 20, … (30 in all)")


def test_cli_documents_tables_show_flag_types_and_critical_lines(runner, tmp_path):
    docs = tmp_path / "docs.txt"
    docs.write_text("\n".join(DOC_IDS) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, _compare_args() + ["--docs", str(docs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    md = (out / "compare.md").read_text(encoding="utf-8")
    header = "| doc_id | system | segments | similarity | flags | critical | omission | addition | negation | number | untranslated"
    assert header in md and md.count("critical lines |") == 1
    doc02 = next(line for line in md.splitlines() if line.startswith("| doc02 | candidate |"))
    assert doc02.endswith("| 7, 10 |")
    html = (out / "compare.html").read_text(encoding="utf-8")
    assert 'class="sort">negation</button>' in html and '<th scope="col">critical lines</th>' in html
    # candidate's critical lines 7 and 10, linked to their rows in the review table
    assert '<a class="line" href="#f1-7">7</a>, <a class="line" href="#f1-10">10</a></td>' in html
    assert 'id="f1-7"' in html and 'id="f1-10"' in html
    assert '<td class="evidence">src: 十万 (100000) | tgt: 10,000 (10000)' in html
    rows = json.loads((out / "compare.json").read_text(encoding="utf-8"))["documents"]
    assert {"doc_id", "system", "segments", "similarity", "flags", "critical", "omission", "negation",
            "critical_lines"} <= set(rows[0])


def test_flagged_rows_carry_the_texts_of_their_line(embedder):
    src, ref = _lines(EXAMPLES / "src.zh"), _lines(EXAMPLES / "baseline.en")
    cand = _lines(EXAMPLES / "candidate.en")
    result = compare_systems(src=src, systems={"baseline": ref, "candidate": cand}, baseline="baseline",
                             references=[ref], embedder=embedder, config=Config(src_lang="zh", tgt_lang="en"),
                             samples=50)
    rows = result.to_dict()["flagged"]
    assert rows and all({"src_text", "tgt_text", "ref_text"} <= set(r) for r in rows)
    for row in rows:
        assert row["src_text"] == src[row["line"] - 1] and row["tgt_text"] == cand[row["line"] - 1]
        assert row["ref_text"] == ref[row["line"] - 1]
    negation = next(r for r in rows if r["type"] == "negation")
    assert "will raise" in negation["tgt_text"] and "will not raise" in negation["ref_text"]
    assert next(r for r in rows if r["type"] == "omission")["tgt_text"] == ""  # the emptied line
    without = _example(Config(src_lang="zh", tgt_lang="en"), embedder).to_dict()["flagged"]
    assert without and all(r["ref_text"] is None and r["src_text"] for r in without)


def test_holm_adjusted_p_values():
    from evaltool.compare.compare import holm_adjusted

    # sorted 0.01, 0.03, 0.04 of m = 3: 3 × 0.01, max(0.03, 2 × 0.03), max(0.06, 1 × 0.04)
    assert holm_adjusted([0.04, 0.01, None, 0.03]) == pytest.approx([0.06, 0.03, None, 0.06])
    assert holm_adjusted([0.5, 0.9]) == [1.0, 1.0]  # capped at 1
    assert holm_adjusted([float("nan"), 0.02]) == [None, 0.02]  # one test: unchanged
    assert holm_adjusted([]) == []


def test_figures_carry_holm_p_and_the_note_counts_the_tests(embedder):
    result = _example(Config(src_lang="zh", tgt_lang="en"), embedder)
    rows = result.to_dict()["figures"]
    tested = [r for r in rows if r["p_value"] is not None]
    assert all(r["p_holm"] is None for r in rows if r["system"] == "baseline")
    assert tested and all(r["p_value"] <= r["p_holm"] <= min(1.0, len(tested) * r["p_value"]) for r in tested)
    markdown = comparison_markdown(result)
    assert f"not corrected for the {len(tested)} tests made" in markdown
    assert result.samples == 200 and "smallest p-value" not in markdown  # 1/201 × the tests < 0.05
    # 50 resamples: p ≥ 1/51, times the tests is over 0.05, so the report says why no mark can survive Holm
    few = comparison_markdown(replace(result, samples=50))
    assert "smallest p-value is 1/51" in few and "--samples 1000 or more" in few


def _flag_counts(lines: list[int]) -> pd.DataFrame:
    return pd.DataFrame([{"system": "b", "type": "entity", "severity": "major", "count": 3, "per_1k": 1.5,
                          "lines": lines, "new_lines": lines}])


def test_flags_table_says_flags_and_lines():
    """Three entity flags on two lines: the table shows both numbers under their own headings."""
    figures = pd.DataFrame([("a", "BLEU", "higher", 30.0, None, None), ("b", "BLEU", "higher", 25.0, -5.0, 0.03)],
                           columns=["system", "figure", "better", "score", "delta", "p_value"])
    comparison = Comparison("a", figures, _flag_counts([4, 9]), pd.DataFrame({"doc_id": []}), {})
    row = comparison_markdown(comparison).split("| system | type | severity |")[1].splitlines()
    assert row[0] == " flags | flagged lines | flags/1k | line numbers | not in baseline |"
    assert row[2] == "| b | entity | major | 3 | 2 | 1.5 | 4, 9 | 4, 9 |"
    html = comparison_html(comparison)
    assert '<td class="num">3</td><td class="num">2</td>' in html


def test_rank_systems_best_first_with_ties():
    from evaltool.compare.render import rank_systems

    rows = [("a", "BLEU", "higher", 30.0), ("b", "BLEU", "higher", 35.0), ("c", "BLEU", "higher", 30.0),
            ("a", "flags/1k", "lower", 2.0), ("b", "flags/1k", "lower", 3.0), ("c", "flags/1k", "lower", 1.0)]
    figures = pd.DataFrame(rows, columns=["system", "figure", "better", "score"])
    comparison = Comparison("a", figures, pd.DataFrame(), pd.DataFrame(), {})
    assert rank_systems(comparison, "BLEU") == [(1, "b"), (2, "a"), (2, "c")]
    assert rank_systems(comparison, "flags/1k") == [(1, "c"), (2, "a"), (3, "b")]


def test_a_mistranslated_line_names_its_weakest_words_marked_in_compare_html(embedder):
    """compare runs mistranslation-words: the flag names the source words linked worst, marked in the page."""
    src = _lines(EXAMPLES / "src.zh") + ["学生们在图书馆里安静地读书。"]
    base = _lines(EXAMPLES / "baseline.en")
    systems = {"baseline": [*base, "The students read quietly in the library."],
               "candidate": [*base, "The students sang loudly in the stadium."]}  # 图书馆 (library), 安静 (quiet)
    result = compare_systems(src=src, systems=systems, baseline="baseline", embedder=embedder,
                             config=Config(src_lang="zh", tgt_lang="en"), samples=50)
    flagged = result.flagged[result.flagged["type"] == "mistranslation"]
    assert list(zip(flagged["system"], flagged["line"])) == [("candidate", 11)]
    evidence = flagged["evidence"].iloc[0]
    assert evidence.startswith("similarity 0.436 ") and "; weakest links: '图书馆' (library) → 'stadium'" in evidence
    html = comparison_html(result)
    assert "<mark>图书馆</mark>" in html and "<mark>stadium</mark>" in html


def test_evidence_is_marked_in_escaped_text():
    from evaltool.compare.highlight import evidence_phrases, highlight

    evidence = "src: 十万 (100000) | tgt: 10,000 (10000); unmatched: 十万, 10,000"
    assert set(evidence_phrases(evidence)) == {"十万", "100000", "10,000", "10000"}
    assert str(highlight("今年已有十万人", evidence)) == "今年已有<mark>十万</mark>人"
    assert str(highlight("This year 10,000 (or 110,000)", evidence)) == "This year <mark>10,000</mark> (or 110,000)"
    hostile = "<script>alert(1)</script> &amp; no <b>10,000</b>"
    assert str(highlight(hostile, evidence)) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; no &lt;b&gt;<mark>10,000</mark>&lt;/b&gt;")
    # evidence that looks like markup is looked for as text and never becomes markup
    assert str(highlight("a <b> tag", "tgt: <b>")) == "a <mark>&lt;b&gt;</mark> tag"
    assert str(highlight("I know no one", "src: 没有 | tgt: no")) == "I know <mark>no</mark> one"  # whole words
    assert str(highlight("", "tgt: x")) == "" and str(highlight(None, "tgt: x")) == ""
    assert evidence_phrases("src: 不会 | tgt: (none)") == ["不会"]  # labels and "(none)" are not looked for
