"""Hostile input shapes end in one error line (exit 2) with bounded memory, never a kill.

Each case runs `evaltool` in a subprocess with its address space capped (so a runaway fails here
instead of taking the machine), and checks the child's peak resident memory.
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evaltool.cli import app

ADDRESS_SPACE = 6 << 30  # a cap on the child, far above what it should use
PEAK_RSS_LIMIT_KB = 1_500_000
REPO = Path(__file__).resolve().parents[1]
WORDS = "the talks ended without progress and officials said they would meet again".split()


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _run(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    env = {"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}  # this checkout's evaltool
    done = subprocess.run([sys.executable, "-m", "evaltool", *args], cwd=cwd, capture_output=True, text=True,
                          preexec_fn=_cap, env=env, timeout=600)
    return done, max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)


def _one_line(path: Path, chars: int, lang: str) -> Path:
    rng = random.Random(0)
    if lang == "en":
        text = " ".join(rng.choice(WORDS) for _ in range(chars // 5))
    else:
        text = "".join(rng.choice("会谈没有取得进展官员们说他们将再次会面") for _ in range(chars // 3))
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("mode", ["pair", "folder", "lines"])
def test_a_10_mb_line_is_refused_naming_its_line(tmp_path, mode):
    en, zh = _one_line(tmp_path / "doc.en.txt", 10_000_000, "en"), _one_line(tmp_path / "doc.zh.txt", 10_000_000, "zh")
    out = tmp_path / "out"
    args = {"pair": ["--src", str(en), "--tgt", str(zh)], "folder": [str(tmp_path)],
            "lines": ["--src", str(en), "--tgt", str(zh), "--lines"]}[mode]
    done, peak_kb = _run("run", *args, "--src-lang", "en", "--tgt-lang", "zh", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "line 1" in done.stderr and "max_sentence_chars" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())
    assert peak_kb < PEAK_RSS_LIMIT_KB


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.en.txt"
    big.write_text(("No progress was made. " * 50_000) + "\n", encoding="utf-8")
    config = tmp_path / "small.toml"
    config.write_text("[ingest]\nmax_file_bytes = 100000\n", encoding="utf-8")
    done, _ = _run("run", str(big), "--config", str(config), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_check_refuses_an_over_long_pair(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"id": "x", "src": "%s", "tgt": "会谈。"}\n' % ("progress " * 2000), encoding="utf-8")
    done, peak_kb = _run("check", str(pairs), "--src-lang", "en", "--tgt-lang", "zh", cwd=tmp_path)
    assert done.returncode == 2 and "pair x" in done.stderr and peak_kb < PEAK_RSS_LIMIT_KB


# In process, through typer's runner: limits lowered by a config file or monkeypatch keep the files small.

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="talks.txt" source-language="en" target-language="zh" datatype="plaintext"><body>
{units}
  </body></file>
</xliff>
"""
UNIT = '<trans-unit id="t{n}"><source>The talks ended.</source><target>会谈结束了。</target></trans-unit>'


def _refused(result, out: Path | None, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("evaltool: error:")
    assert "Traceback" not in result.output and all(w in result.output for w in words), result.output
    assert out is None or not out.exists() or not any(out.iterdir())


def _max_lines(tmp_path: Path, n: int) -> str:
    config = tmp_path / "limits.toml"
    config.write_text(f"[ingest]\nmax_lines = {n}\n", encoding="utf-8")
    return str(config)


def _pair(tmp_path: Path, lines: int) -> tuple[str, str]:
    en, zh = tmp_path / "doc.en.txt", tmp_path / "doc.zh.txt"
    en.write_text("The talks ended.\n" * lines, encoding="utf-8")
    zh.write_text("会谈结束了。\n" * lines, encoding="utf-8")
    return str(en), str(zh)


@pytest.mark.parametrize("mode", ["document", "lines", "folder"])
def test_run_refuses_a_file_over_max_lines(runner, tmp_path, mode):
    en, zh = _pair(tmp_path, 30)
    out = tmp_path / "out"
    inputs = [str(tmp_path)] if mode == "folder" else ["--src", en, "--tgt", zh]
    extra = ["--lines"] if mode == "lines" else []
    result = runner.invoke(app, ["run", *inputs, *extra, "--src-lang", "en", "--tgt-lang", "zh",
                                 "--config", _max_lines(tmp_path, 20), "--out", str(out)])
    if mode == "folder":  # folder mode skips an unreadable file: nothing left to evaluate is still exit 2
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    else:
        _refused(result, out, "30 lines", "over the limit of 20", "max_lines", "split")


def test_the_line_limit_is_inclusive(runner, tmp_path):
    en, zh = _pair(tmp_path, 20)
    result = runner.invoke(app, ["run", "--src", en, "--tgt", zh, "--lines", "--src-lang", "en", "--tgt-lang", "zh",
                                 "--config", _max_lines(tmp_path, 20), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output


def test_one_line_of_many_sentences_is_refused_as_a_long_document(runner, tmp_path):
    en, zh = tmp_path / "doc.en.txt", tmp_path / "doc.zh.txt"
    en.write_text("The talks ended. " * 30 + "\n", encoding="utf-8")
    zh.write_text("会谈结束了。" * 30 + "\n", encoding="utf-8")
    config = tmp_path / "limits.toml"
    config.write_text("[ingest]\nmax_sentences = 20\n", encoding="utf-8")
    for command in ("align", "run"):
        args = [str(en), str(zh)] if command == "align" else ["--src", str(en), "--tgt", str(zh)]
        result = runner.invoke(app, [command, *args, "--src-lang", "en", "--tgt-lang", "zh", "--config", str(config)])
        _refused(result, None, "30 sentences", "over the limit of 20", "max_sentences")
    lines = runner.invoke(app, ["align", *_pair(tmp_path, 30), "--src-lang", "en", "--tgt-lang", "zh", "--presegmented",
                                "--config", str(config)])
    _refused(lines, None, "30 sentences", "max_sentences")


def test_align_refuses_files_over_max_lines_but_check_takes_a_corpus(runner, tmp_path):
    en, zh = _pair(tmp_path, 30)
    config = _max_lines(tmp_path, 20)
    aligned = runner.invoke(app, ["align", en, zh, "--src-lang", "en", "--tgt-lang", "zh", "--presegmented",
                                  "--config", config])
    _refused(aligned, None, "30 lines", "max_lines")
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join('{"id": "%d", "src": "The talks ended.", "tgt": "会谈结束了。"}\n' % n for n in range(30)),
                     encoding="utf-8")
    checked = runner.invoke(app, ["check", str(pairs), "--src-lang", "en", "--tgt-lang", "zh", "--config", config])
    assert checked.exit_code == 0, checked.output
    assert sum(line.startswith("{") for line in checked.output.splitlines()) == 30


def test_an_xliff_with_too_many_units_is_refused(runner, tmp_path):
    xlf = tmp_path / "big.xlf"
    xlf.write_text(XLIFF.format(units="\n".join(UNIT.format(n=n) for n in range(30))), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(xlf), "--config", _max_lines(tmp_path, 20), "--out", str(out)])
    _refused(result, out, "30 units", "max_lines")


def test_an_xliff_with_too_many_elements_is_refused_before_parsing(runner, tmp_path, monkeypatch):
    monkeypatch.setattr("evaltool.ingest._xml.MAX_XML_ELEMENTS", 50)
    monkeypatch.setattr("evaltool.ingest._xml.iterparse", None)  # never reached
    xlf = tmp_path / "big.xlf"
    xlf.write_text(XLIFF.format(units="\n".join(UNIT.format(n=n) for n in range(30))), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(xlf), "--out", str(out)])
    _refused(result, out, "XML elements", "over the limit of 50", "split")


def test_deeply_nested_xml_is_refused(runner, tmp_path):
    deep = "<g id='1'>" * 5_000 + "x" + "</g>" * 5_000
    xlf = tmp_path / "deep.xlf"
    xlf.write_text(XLIFF.format(units=f'<trans-unit id="t1"><source>{deep}</source><target>会谈。</target>'
                                      "</trans-unit>"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(xlf), "--out", str(out)])
    _refused(result, out, "nested more than 100")


@pytest.mark.parametrize("suffix", ["xlf", "tmx"])
def test_entity_expansion_is_refused_at_the_cli(runner, tmp_path, suffix):
    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10))
    body = (XLIFF.format(units=UNIT.format(n=1).replace("The talks ended.", "&l9;")) if suffix == "xlf" else
            '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&l9;</seg></tuv>'
            '<tuv xml:lang="zh"><seg>会谈。</seg></tuv></tu></body></tmx>')
    head, rest = body.split("\n", 1) if suffix == "xlf" else ('<?xml version="1.0"?>', body)
    path = tmp_path / f"laughs.{suffix}"
    path.write_text(f"{head}\n<!DOCTYPE x [{laughs}]>\n{rest}", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(path), "--out", str(out)])
    _refused(result, out, "refused unsafe XML")


def test_a_million_short_lines_are_refused_quickly(tmp_path):
    en, zh = tmp_path / "doc.en.txt", tmp_path / "doc.zh.txt"
    en.write_text("Talks ended.\n" * 1_000_000, encoding="utf-8")
    zh.write_text("会谈结束。\n" * 1_000_000, encoding="utf-8")
    out = tmp_path / "out"
    started = time.monotonic()
    done, peak_kb = _run("run", "--src", str(en), "--tgt", str(zh), "--lines", "--src-lang", "en", "--tgt-lang", "zh",
                         "--out", str(out), cwd=tmp_path)
    assert time.monotonic() - started < 30
    assert done.returncode == 2 and "1,000,000 lines" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not out.exists() and peak_kb < PEAK_RSS_LIMIT_KB
