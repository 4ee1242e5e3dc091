"""The detector specs: one contract test over every registered detector, what derives from the
specs (flag types, gate keys, compare's columns), choosing detectors, and a detector added in one file."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import fields, replace
from pathlib import Path

import pytest

from evaltool.cli import app
from evaltool.compare.compare import document_flag_types
from evaltool.config import DetectConfig, load_config
from evaltool.detectors import (
    DETECTORS,
    SEVERITIES,
    DetectionContext,
    check_config,
    detector,
    discover,
    flag_types,
    gate_figures,
    run_detectors,
    select_detectors,
    unregister,
)
from evaltool.errors import ConfigError
from evaltool.records import Bead
from evaltool.signature import evaltool_signature


def pair(src: str, tgt: str, *, src_lang: str = "zh", tgt_lang: str = "en", sim: float = 0.8) -> DetectionContext:
    return DetectionContext((src,), (tgt,), (Bead((0,), (0,), sim),), src_lang, tgt_lang)


def _similarities(sims: list[float]) -> DetectionContext:
    beads = tuple(Bead((i,), (i,), s) for i, s in enumerate(sims))
    return DetectionContext(tuple("句子。" for _ in sims), tuple("A sentence." for _ in sims), beads, "zh", "en")


_LONG_ZH = "美国副国务卿温迪·谢尔曼敦促谨慎行事，并称赞这种坦率的语气。"
_LONG_EN = "Deputy Secretary of State Wendy Sherman urged caution and praised the frank tone."
_TERMS = DetectConfig(detectors={"terminology": {"glossary": (("机器翻译", "machine translation"),), "dnt": ("GitHub",)}})
_NORMAL = [0.82, 0.80, 0.79, 0.84, 0.81, 0.83, 0.80, 0.80, 0.78, 0.81]

# Per detector (by spec name): a context on which it must fire, and a minimal change of it on
# which it must stay silent. A registered detector without both fails the contract test.
FIRES: dict[str, Callable[[], DetectionContext]] = {
    "omission": lambda: DetectionContext((_LONG_ZH, "好。"), ("Good.",), (Bead((0,), ()), Bead((1,), (0,), 0.9)), "zh", "en"),
    "addition": lambda: DetectionContext(("好。",), ("Good.", _LONG_EN), (Bead((0,), (0,), 0.9), Bead((), (1,))), "zh", "en"),
    "negation": lambda: pair("我不认为形势无望。", "I consider the situation hopeless."),
    "number": lambda: pair("大约10万俄罗斯军队正在移动。", "About 10,000 Russian troops are moving."),
    "untranslated": lambda: pair(_LONG_ZH, _LONG_ZH),
    "partial-omission": lambda: pair("他在NBA打了十年球。", "He played basketball for ten years."),
    "partial-omission-words": lambda: pair("这家公司去年的利润增长了一倍。", "The company's doubled last year."),
    "entity": lambda: pair("详情请访问 https://example.com/news?id=42 。", "For details, visit the website."),
    "mistranslation": lambda: _similarities([*_NORMAL, 0.52]),
    "mistranslation-words": lambda: _similarities([*_NORMAL, 0.52]),
    "terminology": lambda: replace(pair("机器翻译在GitHub上。", "Automatic translation on GitHub."), config=_TERMS),
}
SILENT: dict[str, Callable[[], DetectionContext]] = {
    "omission": lambda: DetectionContext((_LONG_ZH, "好。"), (_LONG_EN, "Good."), (Bead((0,), (0,), 0.8), Bead((1,), (1,), 0.9)), "zh", "en"),
    "addition": lambda: DetectionContext(("好。", _LONG_ZH), ("Good.", _LONG_EN), (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8)), "zh", "en"),
    "negation": lambda: pair("我不认为形势无望。", "I don't consider the situation hopeless."),
    "number": lambda: pair("大约10万俄罗斯军队正在移动。", "About 100,000 Russian troops are moving."),
    "untranslated": lambda: pair(_LONG_ZH, _LONG_EN),
    "partial-omission": lambda: pair("他在NBA打了十年球。", "He played in the NBA for ten years."),
    "partial-omission-words": lambda: pair("这家公司去年的利润增长了一倍。", "The company's profits doubled last year."),
    "entity": lambda: pair("详情请访问 https://example.com/news?id=42 。", "For details, visit https://example.com/news?id=42."),
    "mistranslation": lambda: _similarities([*_NORMAL, 0.79]),
    "mistranslation-words": lambda: _similarities([*_NORMAL, 0.79]),
    "terminology": lambda: replace(pair("机器翻译在GitHub上。", "Machine translations on GitHub."), config=_TERMS),
}


def _context(cases: dict[str, Callable[[], DetectionContext]], name: str) -> DetectionContext:
    if name not in cases:
        pytest.fail(f"detector {name!r} has no fixture in tests/test_detector_specs.py (FIRES and SILENT)")
    return cases[name]()


def _run(ctx: DetectionContext, name: str, embedder) -> list:
    """Detector ``name`` on ``ctx``; one that needs vectors gets them from a (fake) model, as from the pipeline."""
    return run_detectors(ctx, names=[name], embedder=embedder if "vectors" in DETECTORS[name].needs else None)


@pytest.mark.parametrize("name", sorted(DETECTORS))
def test_every_detector_fires_on_its_fixture_with_well_formed_flags(name: str, fake_embedder) -> None:
    ctx = _context(FIRES, name)
    found = _run(ctx, name, fake_embedder)
    assert found, f"{name} did not fire"
    for flag in found:
        assert flag.type in DETECTORS[name].emits
        assert flag.severity in SEVERITIES
        assert flag.evidence.strip()
        assert 0 <= flag.bead < len(ctx.beads)


@pytest.mark.parametrize("name", sorted(DETECTORS))
def test_every_detector_stays_silent_on_its_clean_fixture(name: str, fake_embedder) -> None:
    assert _run(_context(SILENT, name), name, fake_embedder) == []


# ------------------------------------------------------------------ what derives from the specs
def test_spec_names_are_the_flag_types_they_emit() -> None:
    assert set(flag_types()) == {
        "addition", "entity", "mistranslation", "negation", "number", "omission", "partial-omission", "terminology",
        "untranslated",
    }
    # a second detector of one flag type is named after it
    assert set(DETECTORS) == {*flag_types(), "partial-omission-words", "mistranslation-words"}
    assert DETECTORS["partial-omission-words"].emits == ("partial-omission",)
    assert DETECTORS["mistranslation-words"].emits == ("mistranslation",)


def test_every_detect_setting_is_read_by_a_detector() -> None:
    """A [detect] key no spec reads would be a threshold with no effect (or a spec that forgot it)."""
    read = {key for spec in DETECTORS.values() for key in spec.reads}
    assert read == {f.name for f in fields(DetectConfig)} - {"detectors"}


def test_gate_figures_have_a_rate_per_flag_type() -> None:
    from evaltool.metrics.strings import KNOWN_METRICS

    assert set(KNOWN_METRICS) <= set(gate_figures())
    assert {f"{t}/1k" for t in flag_types()} <= set(gate_figures())


def test_compare_document_columns_come_from_the_specs() -> None:
    audit = ["omission", "addition", "negation", "number", "untranslated"]
    assert document_flag_types(set()) == audit
    assert document_flag_types({"mistranslation", "entity", "partial-omission", "omission"}) == [
        *audit, "partial-omission", "entity", "mistranslation",
    ]
    assert document_flag_types({"zzz", "entity"}) == [*audit, "entity", "zzz"]


# ------------------------------------------------------------------ choosing detectors
def test_select_detectors_by_name_exclusion_and_needs() -> None:
    everything = sorted(DETECTORS)
    # mistranslation-words replaces mistranslation where vectors are at hand, and goes with it
    assert select_detectors() == [n for n in everything if n != "mistranslation"]
    assert select_detectors(exclude=["mistranslation"]) == [n for n in everything if not n.startswith("mistranslation")]
    assert select_detectors(available=()) == [n for n in everything if not n.endswith("-words")]
    assert select_detectors(names=["mistranslation"]) == ["mistranslation"]
    assert select_detectors(names=["mistranslation", "mistranslation-words"]) == ["mistranslation-words"]
    assert select_detectors(names=["number", "negation"], exclude=["negation"]) == ["number"]
    with pytest.raises(ConfigError, match="unknown detector.*known: addition"):
        select_detectors(exclude=["numbers"])


def test_run_detectors_excludes_and_refuses_old_registry_names() -> None:
    ctx = FIRES["number"]()
    assert {f.type for f in run_detectors(ctx)} == {"number"}
    assert run_detectors(ctx, exclude=["number"]) == []
    with pytest.raises(ConfigError, match="unknown detector"):
        run_detectors(ctx, names=["numbers"])


def test_a_detector_runs_only_for_the_language_pairs_it_supports() -> None:
    @detector(name="zh-only", languages=[("zh", "en")])
    def detect_everything(ctx: DetectionContext) -> list:
        from evaltool.records import Flag

        return [Flag("zh-only", "minor", "always", 0)]

    try:
        assert [f.type for f in run_detectors(pair("你好。", "Hello."), names=["zh-only"])] == ["zh-only"]
        assert run_detectors(pair("Hello.", "你好。", src_lang="en", tgt_lang="zh"), names=["zh-only"]) == []
        assert "zh-only" not in select_detectors(src_lang="en", tgt_lang="zh")
    finally:
        unregister("zh-only")


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ({"name": "odd", "needs": {"vectors"}}, "needs vectors exactly when it asks for them"),
        ({"name": "odd", "emits": ["Other"]}, "lower-case words"),
        ({"name": "all"}, "none of all, flags, critical"),
        ({"name": "Bad_Name"}, "lower-case words"),
        ({"name": "odd", "needs": {"gpu"}}, "needs \\['gpu'\\]"),
        ({"name": "odd", "reads": ["no_such_key"]}, "unknown \\[detect\\] keys"),
        ({"name": "odd", "settings": int}, "settings must be a dataclass"),
        ({"name": "odd", "replaces": "nothing"}, "replaces 'nothing', which must be a registered detector"),
        ({"name": "odd", "emits": ["number"], "replaces": "mistranslation"}, "with the same flag types"),
        ({"name": "odd", "emits": ["mistranslation"], "replaces": "mistranslation", "languages": [("zh", "en")]},
         "no language pair this one lacks"),
    ],
)
def test_a_bad_declaration_is_refused_at_registration(declaration: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        detector(**declaration)(lambda ctx: [])
    assert "odd" not in DETECTORS


def test_a_detector_registered_twice_is_a_bug() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        detector(name="omission")(lambda ctx: [])


# ------------------------------------------------------------------ a newcomer's detector in one file
SHOUTING = '''
"""Shouting: a translation written in capitals (an example detector, written by a test)."""

from dataclasses import dataclass

from evaltool.detectors import MINOR, DetectionContext, detector
from evaltool.records import Flag


@dataclass(frozen=True)
class ShoutingSettings:
    min_letters: int = 8  # shorter capitals are an acronym


@detector(name="shouting", settings=ShoutingSettings)
def detect_shouting(ctx: DetectionContext, settings: ShoutingSettings) -> list[Flag]:
    flags = []
    for index, bead in ctx.paired():
        letters = [c for c in ctx.tgt_text(bead) if c.isalpha()]
        if len(letters) >= settings.min_letters and all(c.isupper() for c in letters):
            flags.append(Flag("shouting", MINOR, ctx.tgt_text(bead), index))
    return flags
'''


@pytest.fixture
def shouting(tmp_path: Path) -> Iterator[None]:
    """The example detector as a package of its own on sys.path, found by ``discover``; removed after."""
    package = tmp_path / "newcomer"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "shouting.py").write_text(SHOUTING, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        discover([str(package)], "newcomer")
        yield
    finally:
        if "shouting" in DETECTORS:
            unregister("shouting")
        for module in ("newcomer.shouting", "newcomer"):
            sys.modules.pop(module, None)
        sys.path.remove(str(tmp_path))


def _gate_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "gate.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_new_detector_joins_flag_types_and_config_validation(shouting, tmp_path: Path) -> None:
    assert "shouting" in flag_types() and "shouting/1k" in gate_figures()
    config = load_config(_gate_file(tmp_path, (
        '[gate]\nmax_new_flags = { shouting = 0, "shouting/minor" = 0 }\nmax_drop = { "shouting/1k" = 1.0 }\n'
        "[detect.detectors.shouting]\nmin_letters = 4\n"
    )))
    check_config(config)
    assert DETECTORS["shouting"].options(config.detect).min_letters == 4
    # a detector's own settings are recorded where the [detect] ones are, and only when given
    assert config.to_dict()["detect"]["detectors"] == {"shouting": {"min_letters": 4}}
    assert "detectors={'shouting': {'min_letters': 4}}" in evaltool_signature(config, model="fake")
    assert "detectors" not in evaltool_signature(load_config(), model="fake")
    assert "detectors" not in load_config().to_dict()["detect"]
    with pytest.raises(ConfigError, match=r"unknown key 'shoutng'; use a flag type \(.*shouting.*\)"):
        check_config(load_config(_gate_file(tmp_path, "[gate]\nmax_new_flags = { shoutng = 0 }\n")))
    with pytest.raises(ConfigError, match=r"\[detect.detectors.shouting\] min_letters = 'four' must be int"):
        check_config(load_config(_gate_file(tmp_path, '[detect.detectors.shouting]\nmin_letters = "four"\n')))
    with pytest.raises(ConfigError, match="unknown config key in \\[detect.detectors.shouting\\]: letters"):
        check_config(load_config(_gate_file(tmp_path, "[detect.detectors.shouting]\nletters = 4\n")))
    with pytest.raises(ConfigError, match="unknown detector\\(s\\) in \\[detect.detectors\\]: negation"):
        check_config(load_config(_gate_file(tmp_path, "[detect.detectors.negation]\nstrict = true\n")))


def test_without_the_new_detector_its_flag_type_is_refused(tmp_path: Path) -> None:
    config = load_config(_gate_file(tmp_path, "[gate]\nmax_new_flags = { shouting = 0 }\n"))
    with pytest.raises(ConfigError, match="unknown key 'shouting'"):
        check_config(config)


def test_a_new_detector_appears_in_reports_and_compare(shouting, tmp_path: Path, runner) -> None:
    src = ["美国和俄罗斯官员周一举行了七个多小时的会谈。", "会谈将于下周继续进行。", "双方都表示愿意继续对话。"]
    calm = ["U.S. and Russian officials held more than seven hours of talks on Monday.",
            "The talks will continue next week.", "Both sides said they were willing to keep talking."]
    loud = [calm[0], "THE TALKS WILL CONTINUE NEXT WEEK.", calm[2]]
    files = {"src.zh": src, "calm.en": calm, "loud.en": loud, "docs.txt": ["d1"] * 3}
    for name, lines in files.items():
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    gate = _gate_file(tmp_path, "[gate]\nmax_new_flags = { shouting = 0 }\n")

    result = runner.invoke(app, ["run", "--src", str(tmp_path / "src.zh"), "--tgt", str(tmp_path / "loud.en"),
                                 "--src-lang", "zh", "--tgt-lang", "en", "--out", str(tmp_path / "run"), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads(next((tmp_path / "run").glob("*/report.json")).read_text(encoding="utf-8"))
    assert [(f["type"], f["evidence"]) for f in report["flags"]] == [("shouting", "THE TALKS WILL CONTINUE NEXT WEEK.")]

    result = runner.invoke(app, ["compare", "--src", str(tmp_path / "src.zh"), "--system", f"calm={tmp_path / 'calm.en'}",
                                 "--system", f"loud={tmp_path / 'loud.en'}", "--baseline", "calm", "--src-lang", "zh",
                                 "--tgt-lang", "en", "--docs", str(tmp_path / "docs.txt"), "--config", str(gate),
                                 "--out", str(tmp_path / "compare")])
    assert result.exit_code == 1
    assert "loud: 1 more shouting flag than calm (limit 0)" in result.output
    table = json.loads((tmp_path / "compare" / "compare.json").read_text(encoding="utf-8"))
    assert [(r["system"], r["type"], r["lines"]) for r in table["flags"]] == [("loud", "shouting", [2])]
    assert [(r["system"], r["shouting"]) for r in table["documents"]] == [("calm", 0), ("loud", 1)]
    assert "shouting/1k" in {r["figure"] for r in table["figures"]}
    assert "| loud | shouting | minor | 1 |" in (tmp_path / "compare" / "compare.md").read_text(encoding="utf-8")


def test_a_detector_without_fixtures_fails_the_contract() -> None:
    detector(name="unfixtured")(lambda ctx: [])
    try:
        with pytest.raises(pytest.fail.Exception, match="'unfixtured' has no fixture"):
            _context(FIRES, "unfixtured")
    finally:
        unregister("unfixtured")
