"""Notebooks: committed without outputs, the Python API only, and each runs top to bottom on a fresh kernel from the
checkout (nbclient), its own asserts passing and its key answers and charts shown."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Answers some cells must show (notebook, cell id) -> text in the cell's output. The key facts are also asserted
#: inside the notebooks themselves (plain ``assert`` cells), so a notebook fails where its answer changed.
EXPECTED = {
    ("01-tour", "01-09"): "'membership': 'membership:belgium--nato--1949'",
    ("01-tour", "01-11"): "NATO turns 75",
    ("01-tour", "01-14"): "('1947', '1948')",
    ("03-missions", "03-09"): "1994     1230",
    ("04-network-analysis", "04-17"): '<iframe srcdoc="&lt;!DOCTYPE html&gt;',
    ("05-writing-sparql", "05-07"): "België",
}
#: What reading the data or the build by hand looks like in a cell (the notebooks use the Python API only).
RAW_ACCESS = re.compile(r"(?<!alliance_graph\.)\bopen\(|\.ttl\b|\.nq\b|\bdata/|\bbuild/|read_text|\.parse\(|rdflib")
#: Cells that must draw a chart inline (a PNG in their output).
CHARTS = {
    "02-alliances-over-time": ("02-12", "02-20"),
    "03-missions": ("03-08",),
    "04-network-analysis": ("04-04",),
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
    assert [p.stem for p in NOTEBOOKS] == [
        "01-tour",
        "02-alliances-over-time",
        "03-missions",
        "04-network-analysis",
        "05-writing-sparql",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert "alliance_graph.open()" in path.read_text(encoding="utf-8")
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert (cell.outputs, cell.execution_count) == ([], None), f"{path.name}: cell {cell.id} has output"
            # The Python API only: no file is opened or parsed by hand.
            raw = RAW_ACCESS.search(cell.source)
            assert raw is None, f"{path.name}: cell {cell.id} reads files itself ({raw.group()!r})"


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
    for cell_id in CHARTS.get(path.stem, ()):
        assert any("image/png" in output.get("data", {}) for output in cells[cell_id].outputs), (
            f"{path.name}: cell {cell_id} draws no chart"
        )
