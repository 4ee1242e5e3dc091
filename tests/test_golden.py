"""Golden snapshots: every output file of the CLI on the seeds, the fixtures and the example files,
compared byte for byte with ``tests/golden/``.

A changed report fails here with a diff. When a change is meant, regenerate the snapshots with
``pytest tests/test_golden.py --update-golden`` and say in CHANGELOG.md what changed and why.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from evaltool.cli import app

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
EXAMPLES = "data/examples"
FIXTURES = "tests/fixtures"


def _pairs_file(out: Path) -> str:
    """A check input made from the example files: source, candidate and the baseline as reference."""
    src = (REPO / EXAMPLES / "src.zh").read_text(encoding="utf-8").splitlines()
    hyp = (REPO / EXAMPLES / "candidate.en").read_text(encoding="utf-8").splitlines()
    ref = (REPO / EXAMPLES / "baseline.en").read_text(encoding="utf-8").splitlines()
    path = out.parent / f"{out.name}-pairs.jsonl"
    rows = [{"id": f"s{i}", "src": s, "tgt": h, "ref": r} for i, (s, h, r) in enumerate(zip(src, hyp, ref))]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


# name → a function of the output folder giving (CLI arguments, file the CLI's stdout is kept in or None).
CASES = {
    "seeds": lambda out: (["run", "seeds", "--out", str(out), "-q"], None),
    "pair-ref": lambda out: ([
        "run", "--src", f"{EXAMPLES}/src.zh", "--tgt", f"{EXAMPLES}/candidate.en", "--ref", f"{EXAMPLES}/baseline.en",
        "--src-lang", "zh", "--tgt-lang", "en", "--out", str(out), "-q"], None),
    "fixtures": lambda out: ([
        "run", *(f"{FIXTURES}/{name}" for name in ("sample.tmx", "sample12.xlf", "sample20.xliff",
                                                   "inline_codes.xlf", "segsource12.xlf")),
        "--src-lang", "en", "--tgt-lang", "zh", "--out", str(out), "-q"], None),
    "check": lambda out: (["check", _pairs_file(out), "--src-lang", "zh", "--tgt-lang", "en"], "check.jsonl"),
    "compare": lambda out: ([
        "compare", "--src", f"{EXAMPLES}/src.zh", "--system", f"baseline={EXAMPLES}/baseline.en",
        "--system", f"candidate={EXAMPLES}/candidate.en", "--baseline", "baseline", "--ref", f"{EXAMPLES}/baseline.en",
        "--src-lang", "zh", "--tgt-lang", "en", "--config", f"{EXAMPLES}/gate.toml", "--out", str(out)],
        "stdout.md"),
    "align": lambda out: ([
        "align", "data/gold/seed000.zh", "data/gold/seed000.en", "--src-lang", "zh", "--tgt-lang", "en",
        "--format", "json"], "align.json"),
    "score": lambda out: ([
        "score", "--hyp", f"{EXAMPLES}/candidate.en", "--ref", f"{EXAMPLES}/baseline.en", "--tgt-lang", "en",
        "--segments", "--json"], "score.json"),
}


def _outputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _diff(name: str, expected: bytes, actual: bytes) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(), actual.decode("utf-8", "replace").splitlines(),
        f"golden/{name}", f"now/{name}", lineterm="", n=1,
    )
    return "\n".join(list(lines)[:60])


@pytest.mark.parametrize("case", sorted(CASES))
def test_outputs_match_the_golden_snapshot(case, runner, tmp_path, monkeypatch, request):
    monkeypatch.chdir(REPO)
    out = tmp_path / case
    args, stdout_file = CASES[case](out)
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    if stdout_file:
        out.mkdir(exist_ok=True)
        (out / stdout_file).write_text(result.stdout, encoding="utf-8")
    actual = _outputs(out)
    golden = GOLDEN / case
    if request.config.getoption("--update-golden"):
        if golden.exists():
            for old in golden.rglob("*"):
                if old.is_file():
                    old.unlink()
        for rel, data in actual.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_bytes(data)
        return
    expected = _outputs(golden)
    assert sorted(actual) == sorted(expected), "the set of output files changed"
    changed = [rel for rel in expected if actual[rel] != expected[rel]]
    assert not changed, "\n\n".join(_diff(rel, expected[rel], actual[rel]) for rel in changed[:5])
