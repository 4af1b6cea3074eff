"""Remote stores: publish to a real Oxigraph server over the Graph Store Protocol, then ask every named question
there and get the rows the embedded store gives; clean errors when the server is down or refuses."""

from __future__ import annotations

import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import free_port

import alliance_graph
from alliance_graph.api import KnowledgeGraph
from alliance_graph.errors import EndpointError, QueryError
from alliance_graph.paths import Project
from alliance_graph.pipeline.remote import bind_values, publish, remote_query, where_groups
from alliance_graph.queries.catalogue import named_queries
from alliance_graph.queries.rows import Rows

pytestmark = pytest.mark.server

# The server the test extra installs beside this Python, else one on PATH.
_BESIDE = Path(sys.executable).with_name("oxigraph")
OXIGRAPH = str(_BESIDE) if _BESIDE.is_file() else shutil.which("oxigraph") or str(_BESIDE)
COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"




@dataclass(frozen=True)
class Server:
    """A running ``oxigraph serve``: its Graph Store Protocol and query URLs."""

    base: str

    @property
    def store(self) -> str:
        return self.base + "/store"

    @property
    def query(self) -> str:
        return self.base + "/query"


@contextmanager
def oxigraph_server(location: Path) -> Iterator[Server]:
    """Run Oxigraph server on a free loopback port, the union of named graphs as default graph; stop it after."""
    if not Path(OXIGRAPH).is_file():
        pytest.skip("the oxigraph server is not installed (pip install 'alliance-graph[test]')")
    port = free_port()
    log = location.with_suffix(".log")
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(300):  # wait until it accepts connections (at most about 30 s)
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"oxigraph serve did not start: {log.read_text()}")
        yield Server(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def published(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    """The real graph published to an Oxigraph server; yields the graph opened on its query endpoint."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "store") as server:
        publish(kg.store, server.store)
        yield alliance_graph.open(kg.project.root, endpoint=server.query)


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Server]:
    """An empty Oxigraph server of its own."""
    with oxigraph_server(tmp_path / "store") as running:
        yield running


def example_params(name: str) -> dict[str, str]:
    words = shlex.split(named_queries()[name].example)
    return dict(w.split("=", 1) for w in words[3:])


def group_concat_columns(text: str) -> dict[str, str]:
    """Columns made by GROUP_CONCAT, with their separators: the order of their parts is not defined."""
    columns = {}
    for match in re.finditer(r"GROUP_CONCAT\s*\((.*?)\)\s*AS\s*\?(\w+)", text, re.IGNORECASE | re.DOTALL):
        separator = re.search(r"separator\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", match.group(1), re.IGNORECASE)
        columns[match.group(2)] = (separator.group(1) or separator.group(2) or "") if separator else " "
    return columns


def comparable(rows: Rows, concatenated: dict[str, str]) -> Counter[tuple[str, ...]]:
    """Rows as a multiset of tuples of terms, GROUP_CONCAT parts sorted (SPARQL leaves their order open)."""
    out: Counter[tuple[str, ...]] = Counter()
    for raw in rows.raw:
        cells = []
        for column in rows.columns:
            term = raw.get(column)
            if column in concatenated and isinstance(term, ox.Literal):
                cells.append(concatenated[column].join(sorted(term.value.split(concatenated[column]))))
            else:
                cells.append(str(term))
        out[tuple(cells)] += 1
    return out


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_question_gives_the_same_rows_remotely(kg: KnowledgeGraph, published: KnowledgeGraph, name: str) -> None:
    params = example_params(name)
    embedded = kg.ask(name, **params)
    remote = published.ask(name, **params)
    assert remote.columns == embedded.columns
    concatenated = group_concat_columns(named_queries()[name].text)
    assert comparable(remote, concatenated) == comparable(embedded, concatenated)


def test_belgium_in_1960_remotely(published: KnowledgeGraph) -> None:
    rows = published.ask("memberships-on-date", state="state:belgium", date="1960-01-01").compact()
    nato = next(r for r in rows if r["org"] == "organization:nato")
    assert str(nato["start"]) == "1949-08-24"
    assert nato["membership"] == "membership:belgium--nato--1949"
    assert nato["end"] is None
    assert str(nato["sources"]).startswith("source:")
    assert "state" not in nato and "date" not in nato  # bound parameters are dropped, as embedded


# Queries whose groups are hard to find: braces in comments, strings and IRIs, a CONSTRUCT template, EXISTS in
# the projection, a subquery, FILTERs in UNION branches. Each binds ?state and must answer as the embedded store
# does; the number is how many groups get the VALUES block.
TRICKY: dict[str, tuple[str, int]] = {
    "comment and string with braces": (
        """# a comment with { braces } and "quotes
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?state ?m ?note WHERE {
          ?m org:member ?state . BIND ("} not the end {" AS ?note) # }
        } ORDER BY ?m""",
        1,
    ),
    "exists in projection": (
        """PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?state (EXISTS { ?m org:member ?state } AS ?member) WHERE { ?state a ?type } ORDER BY ?type""",
        1,
    ),
    "subquery": (
        """PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?state ?n WHERE { { SELECT ?state (COUNT(?m) AS ?n) WHERE { ?m org:member ?state } GROUP BY ?state } }""",
        1,
    ),
    "filters in union branches": (
        """PREFIX org: <http://www.w3.org/ns/org#> PREFIX ag: <https://w3id.org/alliance-graph/def/>
        SELECT ?state ?fact WHERE {
          { ?fact org:member ?who FILTER (?who = ?state) }
          UNION { ?fact ag:party ?who FILTER (?who = ?state) }
          UNION { ?fact ag:participant ?other }
          VALUES ?other { <https://w3id.org/alliance-graph/id/state/netherlands> }
        } ORDER BY ?fact""",
        3,
    ),
    "ask without where": ("PREFIX org: <http://www.w3.org/ns/org#> ASK { ?m org:member ?state }", 1),
    "construct template": (
        """PREFIX org: <http://www.w3.org/ns/org#>
        CONSTRUCT { ?m org:member ?state } WHERE { ?m org:member ?state ; org:organization ?org }""",
        1,
    ),
}
BELGIUM = ox.NamedNode("https://w3id.org/alliance-graph/id/state/belgium")


@pytest.mark.parametrize("label", sorted(TRICKY))
def test_bindings_land_in_the_where_groups(kg: KnowledgeGraph, published: KnowledgeGraph, label: str) -> None:
    text, groups = TRICKY[label]
    assert bind_values(text, {ox.Variable("state"): BELGIUM}).count("VALUES (?state)") == groups
    embedded = kg.query(text, state="state:belgium")
    remote = published.query(text, state="state:belgium")
    if isinstance(embedded, Rows):
        assert isinstance(remote, Rows)
        assert len(embedded) > 0
        assert comparable(remote, {}) == comparable(embedded, {})
    elif isinstance(embedded, bool):
        assert remote is embedded is True
    else:
        assert isinstance(remote, list)
        assert sorted(map(str, remote)) == sorted(map(str, embedded))
        assert {str(t.object) for t in remote} == {str(BELGIUM)}


def test_where_group_is_found_past_a_construct_template() -> None:
    text = "CONSTRUCT { ?s ?p '{' } WHERE { ?s ?p ?o }"
    assert [text[g.start :] for g in where_groups(text)] == [" ?s ?p ?o }"]


def test_construct_where_short_form_cannot_take_parameters(published: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"cannot bind parameters in a CONSTRUCT WHERE \{ \} short form"):
        published.query("CONSTRUCT WHERE { ?m <http://www.w3.org/ns/org#member> ?state }", state="state:belgium")


def test_parameter_values_cannot_change_the_query(kg: KnowledgeGraph, published: KnowledgeGraph) -> None:
    text = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name ?state WHERE { ?state a ?type ; rdfs:label ?label . FILTER (STR(?label) = ?name) } ORDER BY ?state"""
    hostile = 'Belgium" ) } # '
    for graph in (kg, published):
        rows = graph.query(text, name="Belgium")
        assert isinstance(rows, Rows)
        assert {r["state"] for r in rows.compact()} == {"state:belgium"}
        none = graph.query(text, name=hostile)
        assert isinstance(none, Rows)
        assert len(none) == 0


def remote_quads(server: Server) -> int:
    result = remote_query(server.query, COUNT_QUADS, {})
    assert isinstance(result, ox.QuerySolutions)
    count = next(iter(result))["n"]
    assert isinstance(count, ox.Literal)
    return int(count.value)


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alliance_graph.cli", *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )


def test_publish_twice_replaces_each_graph(scratch_project: Project, server: Server) -> None:
    root = str(scratch_project.root)
    first = cli("publish", "--endpoint", server.store, "--root", root, cwd=scratch_project.root)
    assert first.returncode == 0, first.stderr
    local = alliance_graph.open(scratch_project.root)
    quads = len(local.store)
    graphs = len(list(local.store.named_graphs()))
    assert f"published {graphs} graphs, {quads} triples to {server.store}" in first.stdout
    assert remote_quads(server) == quads

    # A triple the build does not hold, put into one of its graphs by someone else...
    graph = "https://w3id.org/alliance-graph/graph/data/memberships.ttl"
    stale = b"<https://w3id.org/alliance-graph/id/state/atlantis> <http://www.w3.org/2000/01/rdf-schema#label> 'x' .\n"
    request = urllib.request.Request(
        f"{server.store}?graph={graph}", data=stale, method="POST", headers={"Content-Type": "text/turtle"}
    )
    with urllib.request.urlopen(request, timeout=30):
        pass
    assert remote_quads(server) == quads + 1

    # ...is gone after the second publish: each graph is replaced, not added to.
    second = cli("publish", "--endpoint", server.store, "--root", root, cwd=scratch_project.root)
    assert second.returncode == 0, second.stderr
    assert remote_quads(server) == quads
    ask = remote_query(server.query, "ASK { <https://w3id.org/alliance-graph/id/state/atlantis> ?p ?o }", {})
    assert not bool(ask)


def test_query_and_stats_commands_use_the_endpoint(
    kg: KnowledgeGraph, published: KnowledgeGraph, tmp_path: Path
) -> None:
    endpoint = published.endpoint
    assert endpoint is not None
    result = cli("query", "missions-by-framework-and-decade", "--endpoint", endpoint, "--format", "tsv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    embedded = kg.ask("missions-by-framework-and-decade")
    lines = result.stdout.splitlines()
    assert lines[0] == "framework\tdecade\tmissions"
    assert len(lines) == len(embedded) + 1
    assert "NATO\t1990\t" in result.stdout
    stats = cli("stats", "--endpoint", endpoint, cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    triples = next(r["count"] for r in kg.ask("graph-totals") if r["what"] == "triples")
    assert "Totals" in stats.stdout and f" {triples} " in stats.stdout, stats.stdout


def assert_clean_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_unreachable_endpoint_is_a_clean_error(scratch_project: Project) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    root = str(scratch_project.root)
    result = cli("publish", "--endpoint", dead + "/store", "--root", root, cwd=scratch_project.root)
    assert_clean_error(result, f"cannot reach {dead}/store (Connection refused); is the store running?")
    result = cli("query", "graph-totals", "--endpoint", dead + "/query", cwd=scratch_project.root)
    assert_clean_error(result, f"query 'graph-totals': cannot reach {dead}/query (Connection refused)")


def test_wrong_url_and_http_errors_are_clean(scratch_project: Project, server: Server) -> None:
    root = str(scratch_project.root)
    result = cli("publish", "--endpoint", "file:///etc/passwd", "--root", root, cwd=scratch_project.root)
    assert_clean_error(result, "endpoint must be an http:// or https:// URL, got 'file:///etc/passwd'")
    result = cli("publish", "--endpoint", server.base + "/nowhere", "--root", root, cwd=scratch_project.root)
    assert_clean_error(
        result,
        f"{server.base}/nowhere answered HTTP 404 Not Found",
        "is this the store's Graph Store Protocol URL? Oxigraph: /store",
    )


def test_query_rejected_by_the_server_is_reported(published: KnowledgeGraph, tmp_path: Path) -> None:
    endpoint = published.endpoint
    assert endpoint is not None
    with pytest.raises(EndpointError, match=r"answered HTTP 400 Bad Request: error at 1:26"):
        published.query("SELECT ?x WHERE { ?x ?y }")
    result = cli("query", "SELECT ?x WHERE { ?x ?y }", "--endpoint", endpoint, cwd=tmp_path)
    assert_clean_error(result, f"error: query '<sparql>': {endpoint} answered HTTP 400 Bad Request: error at 1:26")
