"""Notebooks: committed without outputs, and each runs top to bottom on a fresh kernel without an error."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Answers some cells must show (notebook, cell id) -> text in the cell's output.
EXPECTED = {
    ("01-getting-started", "01-07"): "'membership': 'membership:belgium--nato--1949'",
    ("01-getting-started", "01-09"): "NATO turns 75",
    ("02-missions", "02-08"): "UNPROFOR",
    ("03-network", "03-10"): "['Benelux Union',\n 'European Communities',\n 'North Atlantic Treaty Organization',\n"
    " 'United Nations',\n 'Western European Union']",
    ("03-network", "03-07"): '<iframe srcdoc="&lt;!DOCTYPE html&gt;',
}


def output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.outputs:
        if "text" in output:
            parts.append(output["text"])
        for mime in ("text/plain", "text/html"):
            if mime in output.get("data", {}):
                parts.append(output["data"][mime])
    return "\n".join(parts)


def test_the_notebooks_are_there() -> None:
    assert [p.name for p in NOTEBOOKS][:3] == ["01-getting-started.ipynb", "02-missions.ipynb", "03-network.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert "alliance_graph.open()" in path.read_text(encoding="utf-8")
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert (cell.outputs, cell.execution_count) == ([], None), f"{path.name}: cell {cell.id} has output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_a_fresh_kernel(path: Path) -> None:
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    # The kernel must be this environment's: jupyter_client starts the "python3" kernel with sys.executable.
    notebook.cells.append(nbformat.v4.new_code_cell("import sys\nprint(sys.executable)", id="interpreter"))
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell and the error, on the first failing cell
    cells = {cell.id: cell for cell in notebook.cells}
    assert output_text(cells["interpreter"]).strip() == sys.executable
    assert all(cell.execution_count for cell in notebook.cells if cell.cell_type == "code")
    for (stem, cell_id), text in EXPECTED.items():
        if stem == path.stem:
            assert text in output_text(cells[cell_id]), f"{path.name}: cell {cell_id} does not show {text!r}"
