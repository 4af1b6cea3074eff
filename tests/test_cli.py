"""The command line: every command is documented in the README and has help with an example; outputs."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from alliance_graph.cli import app

runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)  # type: ignore[union-attr]


def test_there_are_commands() -> None:
    assert {"build", "fmt", "validate", "query", "queries", "stats", "compare", "import", "merge"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"`alliance-graph {re.escape(command)}\b", readme), f"README does not document '{command}'"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: alliance-graph " + command in " ".join(result.output.split())


def test_query_json_output(mini_project) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        app, ["query", "memberships-on-date", "state=state:belgium", "date=1960-01-01", "--format", "json",
              "--root", str(mini_project.root)],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["org"] for r in rows] == [
        "https://w3id.org/alliance-graph/id/organization/nato",
        "https://w3id.org/alliance-graph/id/organization/weu",
    ]


def test_query_csv_output_compacts_iris(mini_project) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        app, ["query", "memberships-on-date", "state=state:belgium", "date=1950-06-01", "--format", "csv",
              "--root", str(mini_project.root)],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "org,orgLabel,role,start,end,membership,sources"
    assert lines[1].startswith("organization:western-union,Western Union,role:founding-member,1948-08-25,1955-05-06,")


def test_ask_query_prints_true(mini_project) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["query", "ASK { state:belgium ag:memberOf organization:weu }",
                                 "--root", str(mini_project.root)])
    assert (result.exit_code, result.output.strip()) == (0, "true")


def test_queries_lists_the_question(mini_project) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["queries"], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    assert "Which organizations was a state a member of on a given date?" in result.output


def test_stats_counts_missions_by_framework(kg) -> None:  # type: ignore[no-untyped-def]
    from alliance_graph.api import stats

    results = stats(kg)
    by_framework = results["Missions with Belgian participation, by framework and decade of start"]
    korea = [r for r in by_framework if r["decade"] == 1950]
    assert korea and sum(int(str(r["missions"])) for r in korea) >= 1
    sections = {r["section"].rsplit("/", 1)[-1] for r in results["Facts per section of the subject"]}  # type: ignore[union-attr]
    assert sections == {"history", "nato", "eu-defence", "bilateral", "peacekeeping", "industry", "geopolitics",
                        "controversies", "future-trends", "sovereignty"}
    kinds = {r["kind"]: r for r in results[next(t for t in results if t.startswith("Sources by kind"))].compact()}
    assert (kinds["ag:GovernmentSource"]["sources"], kinds["ag:EncyclopediaSource"]["weak"]) == (185, 16)
    totals = {r["what"]: r["count"] for r in results["Totals"]}
    assert totals["sources"] == sum(int(str(k["sources"])) for k in kinds.values())  # dataset rows count as sources
