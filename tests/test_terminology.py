"""Terminology: glossary and do-not-translate files, read into the detector's settings, and the flags."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from evaltool.cli import app
from evaltool.config import Config, DetectConfig, load_config
from evaltool.detectors import DetectionContext, check_config, run_detectors
from evaltool.errors import ConfigError, InputError
from evaltool.ingest.terms import read_dnt, read_glossary, with_terms
from evaltool.records import Bead
from evaltool.signature import evaltool_signature

FIXTURES = Path(__file__).parent / "fixtures"
GLOSSARY = FIXTURES / "glossary.tsv"
DNT = FIXTURES / "dnt.txt"
LIMIT = 1_000_000


def _terms(src_lang: str = "en", tgt_lang: str = "zh", *, glossary: Path | None = GLOSSARY,
           dnt: Path | None = DNT) -> DetectConfig:
    return with_terms(Config(src_lang=src_lang, tgt_lang=tgt_lang), glossary=glossary, dnt=dnt).detect


def _flags(src: str, tgt: str, *, src_lang: str = "en", tgt_lang: str = "zh") -> list[str]:
    ctx = DetectionContext((src,), (tgt,), (Bead((0,), (0,), 0.8),), src_lang, tgt_lang, _terms(src_lang, tgt_lang))
    return [f.evidence for f in run_detectors(ctx, names=["terminology"])]


# ------------------------------------------------------------------ reading the files
def test_tsv_glossary_skips_the_header_comments_and_note_columns() -> None:
    assert read_glossary(GLOSSARY, src_lang="en", tgt_lang="zh", max_bytes=LIMIT) == [
        ("machine translation", "机器翻译"), ("神经网络", "neural network"), ("language model", "语言模型"),
        ("translate", "翻译"), ("C++", "C++"),
    ]


def test_csv_glossary_reads_quoted_cells() -> None:
    assert read_glossary(FIXTURES / "glossary.csv", src_lang="en", tgt_lang="zh", max_bytes=LIMIT) == [
        ("machine translation", "机器翻译"), ("language model", "语言模型"),
    ]


def test_tbx_glossary_pairs_the_run_languages_in_tbx_3_and_tbx_2() -> None:
    # the fr/zh entry has no English term: left out; language tags with regions count as their language
    assert read_glossary(FIXTURES / "glossary.tbx", src_lang="en", tgt_lang="zh", max_bytes=LIMIT) == [
        ("machine translation", "机器翻译"), ("language model", "语言模型"),
    ]
    assert read_glossary(FIXTURES / "glossary_v2.tbx", src_lang="zh", tgt_lang="en", max_bytes=LIMIT) == [
        ("神经网络", "neural network"),
    ]


def test_dnt_list_is_one_term_a_line() -> None:
    assert read_dnt(DNT, max_bytes=LIMIT) == ["GitHub", "PyTorch"]


@pytest.mark.parametrize(("name", "text", "message"), [
    ("one.tsv", "machine translation\t机器翻译\nneural network\n", "line 2: a row needs a source term and a target term"),
    ("empty.tsv", "source\ttarget\n# nothing\n", "holds no en–zh term pairs"),
    ("bad.tbx", "<tbx><text><body><conceptEntry>", "not well-formed XML"),
    ("other.tbx", "<xliff/>", "not a TBX file"),
    ("entity.tbx", '<!DOCTYPE tbx [<!ENTITY x "y">]><tbx>&x;</tbx>', "refused unsafe XML"),
    ("terms.docx", "a\tb\n", "give a .tsv, .csv or .tbx file"),
])
def test_bad_glossaries_are_input_errors(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_glossary(path, src_lang="en", tgt_lang="zh", max_bytes=LIMIT)


def test_missing_glossary_and_empty_dnt_list_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_glossary(tmp_path / "none.tsv", src_lang="en", tgt_lang="zh", max_bytes=LIMIT)
    (tmp_path / "dnt.txt").write_text("# only a comment\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no terms"):
        read_dnt(tmp_path / "dnt.txt", max_bytes=LIMIT)


# ------------------------------------------------------------------ the detector
def test_silent_when_the_required_term_is_used() -> None:
    assert _flags("Machine translation is common now.", "机器翻译已经很普及。") == []


def test_fires_on_a_missing_or_different_target_term_naming_both_terms_and_the_target() -> None:
    [evidence] = _flags("Machine translation is common now.", "自动翻译已经很普及。")
    assert evidence == 'glossary: "machine translation" needs "机器翻译"; target: "自动翻译已经很普及。"'


@pytest.mark.parametrize("src", [
    "MACHINE TRANSLATION is common now.",      # case
    "Machine translations are common now.",    # plural
    "Ｍａｃｈｉｎｅ　ｔｒａｎｓｌａｔｉｏｎ is common now.",  # full-width letters and space
])
def test_source_term_is_found_in_any_case_inflection_and_width(src: str) -> None:
    assert _flags(src, "自动翻译已经很普及。") != []
    assert _flags(src, "机器翻译已经很普及。") == []


@pytest.mark.parametrize(("tgt", "flagged"), [
    ("The neural networks were trained.", False),       # plural
    ("The Neural Network was trained.", False),          # case
    ("The ｎｅｕｒａｌ ｎｅｔｗｏｒｋ was trained.", False),  # full-width
    ("The neural-network model was trained.", False),    # hyphen for a space
    ("The neuron net was trained.", True),
    ("The neuralnetwork was trained.", True),            # word boundaries
])
def test_zh_to_en_target_terms_match_on_stems_and_word_boundaries(tgt: str, flagged: bool) -> None:
    # the glossary row is en→zh: it is turned for a zh→en document by its script
    found = _flags("神经网络经过了训练。", tgt, src_lang="zh", tgt_lang="en")
    assert bool(found) is flagged
    if flagged:
        assert found == [f'glossary: "神经网络" needs "neural network"; target: "{tgt}"']


def test_inflected_verb_matches_the_glossary_verb() -> None:
    assert _flags("The text was translated twice.", "文本被翻译了两次。") == []
    assert _flags("The text was translated twice.", "文本被译了两次。") == [
        'glossary: "translate" needs "翻译"; target: "文本被译了两次。"'
    ]


def test_a_term_with_symbols_matches_as_written() -> None:
    assert _flags("Write it in C++.", "用C++写。") == []
    assert len(_flags("Write it in C++.", "用C写。")) == 1
    assert _flags("Write it in C.", "用C写。") == []  # "C" alone is not the term "C++"


@pytest.mark.parametrize(("tgt", "flagged"), [
    ("代码在GitHub上。", False),
    ("代码在ｇｉｔｈｕｂ上。", False),   # full-width and case
    ("代码在吉特哈布上。", True),        # translated
    ("代码在GitHubs上。", True),        # not verbatim: no inflection for a do-not-translate term
])
def test_do_not_translate_terms_must_stay(tgt: str, flagged: bool) -> None:
    found = _flags("The code is on GitHub.", tgt)
    assert found == ([f'do-not-translate: "GitHub" is not kept; target: "{tgt}"'] if flagged else [])


def test_no_terms_no_flags_and_settings_pickle() -> None:
    ctx = DetectionContext(("Machine translation.",), ("自动翻译。",), (Bead((0,), (0,), 0.8),), "en", "zh")
    assert run_detectors(ctx, names=["terminology"]) == []
    config = _terms()
    assert pickle.loads(pickle.dumps(config)) == config


# ------------------------------------------------------------------ settings, config file, signature
def test_terms_can_be_listed_in_the_config_file(tmp_path: Path) -> None:
    toml = tmp_path / "evaltool.toml"
    toml.write_text('[detect.detectors.terminology]\nglossary = [["language model", "语言模型"]]\ndnt = ["PyTorch"]\n',
                    encoding="utf-8")
    config = load_config(toml)
    check_config(config)
    ctx = DetectionContext(("A language model in PyTorch.",), ("一个派火炬的语言模式。",), (Bead((0,), (0,), 0.8),),
                           "en", "zh", config.detect)
    assert len(run_detectors(ctx, names=["terminology"])) == 2


@pytest.mark.parametrize("table", [
    'glossary = [["only a source term"]]',
    'glossary = [["", "空"]]',
    'dnt = ["GitHub", 3]',
    'dnt = "GitHub"',
])
def test_malformed_terms_in_the_config_file_are_config_errors(tmp_path: Path, table: str) -> None:
    toml = tmp_path / "evaltool.toml"
    toml.write_text(f"[detect.detectors.terminology]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[detect.detectors.terminology\]"):
        check_config(load_config(toml))


def test_signature_and_summary_name_the_terms_by_count_and_hash() -> None:
    plain = Config()
    config = with_terms(plain, glossary=GLOSSARY, dnt=DNT)
    signature = evaltool_signature(config, model="fake")
    assert "机器翻译" not in signature and "GitHub" not in signature
    assert "'glossary': '5 entries sha256:" in signature and "'dnt': '2 entries sha256:" in signature
    assert signature != evaltool_signature(with_terms(plain, glossary=FIXTURES / "glossary.csv", dnt=DNT), model="fake")
    assert evaltool_signature(plain, model="fake") == evaltool_signature(with_terms(plain, glossary=None, dnt=None),
                                                                          model="fake")
    recorded = config.to_dict()["detect"]["detectors"]["terminology"]
    assert recorded["glossary"].startswith("5 entries sha256:") and len(recorded["glossary"]) < 40


# ------------------------------------------------------------------ end to end
def _pairs(tmp_path: Path) -> Path:
    rows = [
        {"id": "ok", "src": "Machine translations run on GitHub.", "tgt": "机器翻译在GitHub上运行。"},
        {"id": "term", "src": "Machine translation runs on GitHub.", "tgt": "自动翻译在GitHub上运行。"},
        {"id": "dnt", "src": "Machine translation runs on GitHub.", "tgt": "机器翻译在吉特哈布上运行。"},
    ]
    path = tmp_path / "pairs.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_check_with_glossary_and_dnt(runner, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    args = ["check", str(_pairs(tmp_path)), "--src-lang", "en", "--tgt-lang", "zh", "--out", str(out),
            "--glossary", str(GLOSSARY), "--dnt", str(DNT)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    terms = {key: [f for f in line["flags"] if f["type"] == "terminology"] for key, line in lines.items()}
    assert terms["ok"] == []
    assert [(f["severity"], f["evidence"][:40]) for f in terms["term"]] == [("major", 'glossary: "machine translation" needs "机')]
    assert [f["evidence"][:33] for f in terms["dnt"]] == ['do-not-translate: "GitHub" is not']


def test_run_pair_with_glossary_flags_and_records_the_terms(runner, tmp_path: Path) -> None:
    src, tgt, out = tmp_path / "s.en.txt", tmp_path / "t.zh.txt", tmp_path / "out"
    src.write_text("Machine translation is common.\nThe code is on GitHub.\n", encoding="utf-8")
    tgt.write_text("自动翻译很常见。\n代码在GitHub上。\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "--src", str(src), "--tgt", str(tgt), "--src-lang", "en", "--tgt-lang", "zh",
                                 "--lines", "--out", str(out), "--quiet", "--glossary", str(FIXTURES / "glossary.tbx"),
                                 "--dnt", str(DNT)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    [report] = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*/report.json")]
    terms = [f for f in report["flags"] if f["type"] == "terminology"]
    assert [f["evidence"].split(";")[0] for f in terms] == ['glossary: "machine translation" needs "机器翻译"']
    assert "机器翻译" not in json.dumps(summary["config"], ensure_ascii=False)
    assert "2 entries sha256:" in summary["signature"]


@pytest.mark.parametrize(("option", "text", "message"), [
    ("--glossary", "machine translation\n", "a row needs a source term and a target term"),
    ("--glossary", None, "file not found"),
    ("--dnt", "\n# none\n", "holds no terms"),
])
def test_bad_term_files_exit_2_with_one_line(runner, tmp_path: Path, option: str, text: str | None, message: str) -> None:
    path = tmp_path / ("terms.tsv" if option == "--glossary" else "dnt.txt")
    if text is not None:
        path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(_pairs(tmp_path)), "--src-lang", "en", "--tgt-lang", "zh", option, str(path)])
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_compare_counts_terminology_flags_per_system(runner, tmp_path: Path) -> None:
    src, good, bad, glossary = (tmp_path / n for n in ("src.zh", "good.en", "bad.en", "terms.tsv"))
    src.write_text("新博物馆将于明年三月开放。\n馆内展出了两千多件文物。\n", encoding="utf-8")
    good.write_text("The new museum opens next March.\nMore than 2,000 cultural relics are on display.\n", encoding="utf-8")
    bad.write_text("The new museum opens next March.\nMore than 2,000 antiques are on display.\n", encoding="utf-8")
    glossary.write_text("cultural relic\t文物\n", encoding="utf-8")  # en→zh row, turned for a zh→en comparison
    result = runner.invoke(app, ["compare", "--src", str(src), "--system", f"good={good}", "--system", f"bad={bad}",
                                 "--baseline", "good", "--src-lang", "zh", "--tgt-lang", "en", "--samples", "20",
                                 "--json", "--glossary", str(glossary)])
    assert result.exit_code == 0, result.output
    flagged = [f for f in json.loads(result.stdout)["flagged"] if f["type"] == "terminology"]
    assert [(f["system"], f["line"], f["evidence"].split(";")[0]) for f in flagged] == [
        ("bad", 2, 'glossary: "文物" needs "cultural relic"'),
    ]
