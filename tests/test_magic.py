"""``%load_ext alliance_graph`` and ``%%sparql`` in a real IPython shell: a DataFrame with dates at their
precision, parameters bound (``$variables`` too), ASK and CONSTRUCT, ``--endpoint`` against a real server, and
clear errors without a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import serving

from alliance_graph.paths import Project

IPython = pytest.importorskip("IPython", reason="IPython is not installed (the notebooks extra)")
pd = pytest.importorskip("pandas")

NATO_MEMBERS = """
SELECT ?state ?org ?start WHERE {
  ?m org:member ?state ; org:organization ?org ; schema:startDate ?start .
}
ORDER BY ?start
"""


@pytest.fixture(scope="module")
def shell(mini_project: Project) -> Iterator[Any]:
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "alliance_graph")
    ip.user_ns["ROOT"] = str(mini_project.root)
    yield ip
    InteractiveShell.clear_instance()


def test_select_gives_a_dataframe_with_bound_parameters(shell: Any) -> None:
    frame = shell.run_cell_magic("sparql", "--root $ROOT state=state:belgium", NATO_MEMBERS)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["org", "start"]
    first = frame.iloc[0]
    assert first["org"].endswith("/organization/western-union") and str(first["start"]) == "1948-08-25"
    assert "https://w3id.org/alliance-graph/id/organization/nato" in set(frame["org"])


def test_python_variables_and_out(shell: Any) -> None:
    shell.user_ns["who"] = "state:belgium"
    shell.run_cell_magic("sparql", "--root $ROOT --out members state=$who", NATO_MEMBERS)
    assert len(shell.user_ns["members"]) == len(shell.run_cell_magic("sparql", "--root $ROOT state=state:belgium", NATO_MEMBERS))


def test_named_question_date_parameter_and_ask(shell: Any) -> None:
    frame = shell.run_cell_magic("sparql", "--root $ROOT state=state:belgium date=1960-01-01", "memberships-on-date")
    assert [o.rsplit("/", 1)[-1] for o in frame["org"]] == ["nato", "weu"]
    assert shell.run_cell_magic("sparql", "--root $ROOT", "ASK { state:belgium ag:memberOf organization:weu }") is True


def test_construct_gives_triples(shell: Any) -> None:
    frame = shell.run_cell_magic(
        "sparql", "--root $ROOT", "CONSTRUCT { state:belgium rdfs:label ?l } WHERE { state:belgium rdfs:label ?l }"
    )
    assert list(frame.columns) == ["subject", "predicate", "object"]
    assert '"België"@nl' in set(frame["object"])


def test_errors_are_usage_errors_without_traceback(shell: Any, capsys: pytest.CaptureFixture[str]) -> None:
    result = shell.run_cell("%%sparql --root $ROOT state=state:belgium\nSELECT ?org WHERE { ?m org:member ?state ; org:organization ?org }\n")
    assert "project each parameter in the SELECT" in str(result.error_in_exec)
    result = shell.run_cell("%%sparql --root $ROOT\nSELECT ?x WHERE { ?x }\n")
    assert result.error_in_exec is not None
    err = capsys.readouterr()
    shown = err.out + err.err
    assert "malformed SPARQL" in shown and "Traceback" not in shown
    result = shell.run_cell("%%sparql --nope x\nASK {}\n")
    assert "unknown option '--nope'" in str(result.error_in_exec)
    result = shell.run_cell("%%sparql --root $ROOT\n\n")
    assert "the cell is empty" in str(result.error_in_exec)


@pytest.fixture(scope="module")
def endpoint(mini_project: Project) -> Iterator[str]:
    with serving(mini_project.root, "--workers", "1", wait=120) as served:
        yield served.base + "/sparql"


@pytest.mark.server
def test_endpoint_option_asks_a_remote_server(shell: Any, endpoint: str) -> None:
    frame = shell.run_cell_magic("sparql", f"--endpoint {endpoint} state=state:belgium", NATO_MEMBERS)
    assert str(frame.iloc[0]["start"]) == "1948-08-25"
    assert "https://w3id.org/alliance-graph/id/organization/nato" in set(frame["org"])
