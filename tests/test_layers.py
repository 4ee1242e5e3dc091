"""The package is layered: a module imports only its own package or lower layers, and nothing imports in a cycle.

Import cycles hide behind function-local imports (they only fail on some import orders), so the
imports are read from the source with ``ast``, module-level and function-level alike, and every
module is also imported fresh on its own.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "evaltool"

# Lowest first. A module may import modules of its own unit (``evaltool.ingest.*`` for
# ``evaltool.ingest.documents``) and of lower layers, never of a higher or the same layer.
LAYERS: list[set[str]] = [
    {"evaltool", "evaltool.core", "evaltool.errors", "evaltool.records", "evaltool.codes", "evaltool.wording",
     "evaltool.paths", "evaltool.prebuilt"},
    {"evaltool.config"},
    {"evaltool.signature", "evaltool.segment", "evaltool.embed"},
    {"evaltool.ingest", "evaltool.align", "evaltool.metrics", "evaltool.detectors", "evaltool.pairing"},
    {"evaltool.quality"},
    {"evaltool.pipeline"},
    {"evaltool.report", "evaltool.compare"},
    {"evaltool.cli"},
    {"evaltool.__main__"},
]


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The evaltool modules ``name`` imports anywhere in its source (``from pkg import mod`` names the module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(a.name for a in node.names if a.name.split(".")[0] == "evaltool")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module.split(".")[0] != "evaltool":
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                targets.add(sub if sub in MODULES else module)
    return targets


def _edges(name: str) -> set[str]:
    """Modules that importing ``name`` runs: its imports and their parent packages outside its own."""
    edges = set()
    for target in _imports(name, MODULES[name]):
        parts = target.split(".")
        for depth in range(2, len(parts) + 1):
            parent = ".".join(parts[:depth])
            if parent == target or not (name == parent or name.startswith(parent + ".")):
                edges.add(parent)
    edges.discard(name)
    return edges


def _unit(name: str) -> str:
    return ".".join(name.split(".")[:2])


def _layer(name: str) -> int:
    unit = _unit(name)
    for index, units in enumerate(LAYERS):
        if unit in units:
            return index
    raise AssertionError(f"{name} is in no layer of tests/test_layers.py: add its unit ({unit}) to LAYERS")


def test_every_module_imports_only_lower_layers():
    wrong = []
    for name, path in MODULES.items():
        for target in _imports(name, path):
            if _unit(target) == _unit(name):
                continue
            if _layer(target) >= _layer(name):
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_no_import_cycles():
    graph = {name: _edges(name) & MODULES.keys() for name in MODULES}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_layer_check_sees_function_level_imports(tmp_path):
    """The reader finds an import inside a function (how the cycles used to hide)."""
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from ..report.summary import run_root\n", encoding="utf-8")
    assert _imports("evaltool.align.mod", source) == {"evaltool.report.summary"}


def test_every_module_imports_on_its_own():
    """Each module imported first, in a fresh set of evaltool modules (third-party ones stay loaded)."""
    names = sorted(n for n in MODULES if n != "evaltool.__main__")
    script = (
        "import importlib, sys, traceback\n"
        f"failed = []\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'evaltool' or m.startswith('evaltool.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        failed.append(name + ': ' + traceback.format_exc(limit=-1).strip().splitlines()[-1])\n"
        "print('\\n'.join(failed))\n"
        "sys.exit(1 if failed else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PACKAGE.parent, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
