"""Dates at their precision everywhere: a date known to the year or month prints as "1995" or "2004-03" in rows,
the CLI table, CSV and JSON (which also gives the stored day and the precision), and a date that the node itself
says is known only to the year, but has no flag, is reported."""

from __future__ import annotations

import csv
import datetime
import io
import json
import pickle
import shlex
from pathlib import Path

import pytest
from conftest import MINI, ROOT, make_project
from typer.testing import CliRunner

from alliance_graph.api import KnowledgeGraph
from alliance_graph.cli import app
from alliance_graph.paths import Project
from alliance_graph.pipeline.load import load_project
from alliance_graph.pipeline.store import new_store
from alliance_graph.pipeline.validate import check_problems
from alliance_graph.queries.dates import PreciseDate

runner = CliRunner()


@pytest.fixture(scope="module")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A copy of the real data in a throw-away project (so the CLI builds there, not in the checkout)."""
    return make_project(tmp_path_factory.mktemp("real"), sorted((ROOT / "data").glob("*.ttl")))


def test_precise_date_prints_what_is_known() -> None:
    year, month, day = PreciseDate(1995, 1, 1, "year"), PreciseDate(2004, 3, 1, "month"), PreciseDate(1949, 8, 24)
    assert (str(year), str(month), str(day)) == ("1995", "2004-03", "1949-08-24")
    assert f"{year} to {month}" == "1995 to 2004-03"
    assert year == datetime.date(1995, 1, 1) and year.isoformat() == "1995-01-01"
    assert year.to_json() == {"value": "1995-01-01", "precision": "year"}
    assert pickle.loads(pickle.dumps(month)).precision == "month"
    with pytest.raises(ValueError, match="unknown date precision 'week'"):
        PreciseDate(2000, 1, 1, "week")


def test_rows_carry_the_precision_of_a_year_only_participation(kg: KnowledgeGraph) -> None:
    rows = {r["operation"]: r for r in kg.ask("missions-in-year", year=1995).compact()}
    uncro = rows["operation:uncro"]  # Belgium in UNCRO: known to the year, 1995 to 1995
    assert (str(uncro["start"]), str(uncro["end"])) == ("1995", "1995")
    assert isinstance(uncro["start"], PreciseDate) and uncro["start"].precision == "year"
    unprofor = rows["operation:unprofor"]  # known to the day
    assert (str(unprofor["start"]), str(unprofor["end"])) == ("1992-04-07", "1998-01-15")


def test_a_precision_column_in_the_query_is_used(kg: KnowledgeGraph) -> None:
    rows = kg.query(
        "SELECT ?start ?startPrecision WHERE { participation:belgium--uncro--1995 schema:startDate ?start ; "
        "ag:startPrecision ?startPrecision }"
    )
    assert str(rows[0]["start"]) == "1995"  # type: ignore[index]


def test_pandas_shows_the_year(kg: KnowledgeGraph) -> None:
    frame = kg.ask("missions-in-year", year=1995).to_df()
    uncro = frame[frame["operation"].str.endswith("/uncro")]
    assert uncro["start"].astype(str).tolist() == ["1995"]
    assert "1995-01-01" not in uncro[["start", "end"]].to_string()


def test_no_named_question_prints_a_flagged_date_as_a_day(kg: KnowledgeGraph) -> None:
    """Run every named question's example; a first-of-month date that only flagged nodes hold never prints as a day."""
    flagged = kg.precisions().nodes
    checked = 0
    for name, named in kg.named_queries().items():
        words = shlex.split(named.example)[3:] if named.example else []
        rows = kg.ask(name, **dict(w.split("=", 1) for w in words if "=" in w))
        for row in rows:
            for column, value in row.items():
                if isinstance(value, PreciseDate) and value.isoformat() in flagged:
                    kinds = set(flagged[value.isoformat()].values())
                    if "day" not in kinds:
                        checked += 1
                        assert value.precision != "day", f"{name}: ?{column} {value.isoformat()} prints as a day"
    assert checked > 100  # the examples do reach many year- and month-precision dates


def test_cli_table_csv_and_json(real_project: Project) -> None:
    root = ["--root", str(real_project.root)]
    table = runner.invoke(app, ["query", "missions-in-year", "year=1995", *root])
    assert table.exit_code == 0, table.output
    line = next(x for x in table.output.splitlines() if "operation:uncro" in x)
    assert "│ 1995 " in line and "1995-01-01" not in line
    out = runner.invoke(app, ["query", "missions-in-year", "year=1995", "--format", "csv", *root])
    rows = {r["operation"]: r for r in csv.DictReader(io.StringIO(out.output))}
    assert (rows["operation:uncro"]["start"], rows["operation:uncro"]["end"]) == ("1995", "1995")
    assert rows["operation:unprofor"]["start"] == "1992-04-07"
    out = runner.invoke(app, ["query", "missions-in-year", "year=1995", "--format", "json", *root])
    [uncro] = [r for r in json.loads(out.output) if r["operation"].endswith("/uncro")]
    assert uncro["start"] == {"value": "1995-01-01", "precision": "year"}
    assert uncro["end"] == {"value": "1995-01-01", "precision": "year"}


def test_undeclared_precision_is_a_violation_with_file_and_node(tmp_path: Path) -> None:
    example = ROOT / "tests" / "data" / "checks" / "undeclared-precision--note-says-year-only.ttl"
    project = make_project(tmp_path, [*sorted(MINI.glob("*.ttl")), example])
    loaded = load_project(project)
    problems = check_problems(loaded, new_store(q for f in loaded.files for q in f.quads))
    [found] = [p for p in problems if p.rule == "checks/undeclared-precision-violation"]
    assert (found.node, found.severity, found.file) == ("company:test-arms", "Violation", f"data/{example.name}")
    assert "1938-01-01 on <https://schema.org/foundingDate> has no" in found.message
    assert "known to the year only" in found.message


def test_undeclared_precision_in_the_real_data(real_project: Project) -> None:
    """Every date the data's own notes call year- or month-only carries its flag (Mecar and SABCA got theirs)."""
    loaded = load_project(real_project)
    problems = check_problems(loaded, new_store(q for f in loaded.files for q in f.quads))
    assert [p.node for p in problems if p.rule == "checks/undeclared-precision-violation"] == []
