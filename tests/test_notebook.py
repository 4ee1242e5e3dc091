"""notebooks/walkthrough.ipynb runs top to bottom (through nbclient) on the seeds and shows flags and a plot."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "walkthrough.ipynb"

if not os.environ.get("CI"):
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402


def test_walkthrough_notebook_executes(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in outputs)
    assert "000_6b1ba2697ced7a7d" in text and "omission" in text
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the plot
