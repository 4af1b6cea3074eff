"""Bad dataset files: each error names file, line and column; the command exits 2 without a traceback; nothing
is half-imported (the previous imports stay byte for byte)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATASETS
from typer.testing import CliRunner

from alliance_graph.cli import app
from alliance_graph.datasets.csvrows import DatasetError
from alliance_graph.datasets.world import run_world_import
from alliance_graph.paths import Project

pytestmark = pytest.mark.skipif(not (DATASETS / "atop").is_dir(), reason="shared datasets not found")
FILES = ["atop/atop5_0a.csv", "atop/atop4_01m.csv", "cow-alliances/alliance_v4.1_by_member.csv",
         "cow-states/states2016.csv"]


@pytest.fixture()
def datasets(tmp_path: Path) -> Path:
    """A writable copy of the files the ATOP and COW imports read."""
    folder = tmp_path / "datasets"
    for name in FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATASETS / name, folder / name)
    return folder


def _edit_line(path: Path, number: int, column: str, value: str) -> None:
    """Set ``column`` of line ``number`` (1-based, header is line 1) to ``value``; plain CSV, no quoted commas."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    fields = lines[number - 1].split(",")
    fields[header.index(column)] = value
    lines[number - 1] = ",".join(fields)
    path.write_text("\n".join(lines), encoding="utf-8")


def _error(project: Project, what: str, datasets: Path) -> str:
    with pytest.raises(DatasetError) as caught:
        run_world_import(project, what, datasets)
    return str(caught.value)


def test_renamed_column_is_named_with_its_position(scratch_project: Project, datasets: Path) -> None:
    path = datasets / "atop/atop4_01m.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",member,", ",membr,", 1), encoding="utf-8")
    assert _error(scratch_project, "atop", datasets).startswith(
        "atop/atop4_01m.csv:1:4: missing column 'member'; column 4 is 'membr': renamed?")


def test_missing_column(scratch_project: Project, datasets: Path) -> None:
    path = datasets / "cow-states/states2016.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("stateabb,ccode,", "stateabb,", 1), encoding="utf-8")
    assert _error(scratch_project, "cow", datasets).startswith("cow-states/states2016.csv:1: missing column 'ccode'")


def test_malformed_row(scratch_project: Project, datasets: Path) -> None:
    path = datasets / "atop/atop4_01m.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[9] = lines[9].rsplit(",", 1)[0]  # line 10 loses its last field
    path.write_text("\n".join(lines), encoding="utf-8")
    assert _error(scratch_project, "atop", datasets) == (
        "atop/atop4_01m.csv:10:104: malformed row: 104 fields, the header has 105")


def test_unknown_country_code(scratch_project: Project, datasets: Path) -> None:
    _edit_line(datasets / "atop/atop4_01m.csv", 335, "member", "999")
    assert _error(scratch_project, "atop", datasets) == (
        "atop/atop4_01m.csv:335:4: unknown country code 999: not in cow-states/states2016.csv (COW ccode)")


def test_date_out_of_range(scratch_project: Project, datasets: Path) -> None:
    _edit_line(datasets / "atop/atop4_01m.csv", 335, "moent", "13")
    assert _error(scratch_project, "atop", datasets) == (
        "atop/atop4_01m.csv:335:7: date out of range: moent is 13, not a month (1-12)")
    _edit_line(datasets / "atop/atop4_01m.csv", 335, "moent", "2")
    _edit_line(datasets / "atop/atop4_01m.csv", 335, "dayent", "30")
    assert _error(scratch_project, "atop", datasets) == (
        "atop/atop4_01m.csv:335:8: date out of range: 1920-02-30 does not exist (dayent is 30)")


def test_year_outside_the_dataset_span(scratch_project: Project, datasets: Path) -> None:
    _edit_line(datasets / "cow-alliances/alliance_v4.1_by_member.csv", 2, "mem_st_year", "2099")
    assert _error(scratch_project, "cow", datasets) == (
        "cow-alliances/alliance_v4.1_by_member.csv:2:13: date out of range: mem_st_year is 2099, outside this "
        "file's span 1816-2012")


def test_nothing_is_half_imported_and_the_command_exits_2(scratch_project: Project, datasets: Path) -> None:
    run_world_import(scratch_project, "atop", datasets)
    folder = scratch_project.build_dir / "imports"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert sorted(before) == ["atop.ttl", "cow-states.ttl", "imports.json"]
    _edit_line(datasets / "atop/atop4_01m.csv", 2397, "member", "999")  # a late row: most others were read
    result = CliRunner().invoke(app, ["import", "atop", "--datasets", str(datasets),
                                      "--root", str(scratch_project.root)])
    assert result.exit_code == 2
    assert "atop/atop4_01m.csv:2397:4: unknown country code 999" in result.output
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_build_with_an_unknown_dataset_exits_2(scratch_project: Project) -> None:
    result = CliRunner().invoke(app, ["build", "--with", "atop,sipri", "--root", str(scratch_project.root)])
    assert result.exit_code == 2
    assert "cannot include sipri: the importable datasets are atop, cow" in result.output


def test_open_with_imports_not_run_says_what_to_run(scratch_project: Project) -> None:
    import alliance_graph
    from alliance_graph.errors import BuildError

    with pytest.raises(BuildError) as caught:
        alliance_graph.open(scratch_project.root, include="cow")
    assert "imports/cow-states.ttl is missing: run `alliance-graph import cow` first" in str(caught.value)
