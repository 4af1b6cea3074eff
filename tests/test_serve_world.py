"""``alliance-graph serve --with atop,cow``: the real server, started on loopback over the world graph (built once
per run by the ``world`` fixture), answers SPARQL, named questions, view pages, search and linked-data pages from
the imported named graphs too, and says which graph it serves; a missing import stops it with the same message
as ``query --with``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from conftest import DATASETS, ROOT, WARSAW_PACT_1980, Served, free_port, serving
from rdflib.namespace import DCTERMS, PROV
from typer.testing import CliRunner

from alliance_graph import iris
from alliance_graph.api import KnowledgeGraph
from alliance_graph.cli import app
from alliance_graph.paths import Project

pytestmark = pytest.mark.skipif(not (DATASETS / "atop").is_dir(), reason="shared datasets not found")

AG = rdflib.Namespace(iris.DEF)
JSON = "application/sparql-results+json"
IMPORT = "https://w3id.org/alliance-graph/graph/import/"
WARSAW_PACT = """
SELECT ?label WHERE {
  ?party ag:agreement agreement:atop-3285 ; ag:party ?state ; schema:startDate ?start .
  OPTIONAL { ?party schema:endDate ?end }
  FILTER (?start <= "1980-01-01"^^xsd:date && (!BOUND(?end) || ?end > "1980-01-01"^^xsd:date))
  ?state rdfs:label ?label FILTER (LANG(?label) = "en")
}
ORDER BY ?label
"""
#: Brazil's node comes from COW's state list alone (it is not curated): states2016.csv, ccode 140 from 1822.
BRAZIL_ROW = "source:cow-state-system-membership-2016--states2016--140--1822"


@pytest.fixture(scope="module")
def served(world: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``alliance-graph serve --with atop,cow`` over the world fixture's build (current: nothing is rebuilt)."""
    build_dir = world.project.build_dir.parent  # the fixture's build/, whose with-atop-cow/ holds the store
    logs = tmp_path_factory.mktemp("serve-world-logs")
    options = ["--build-dir", str(build_dir), "--with", "atop,cow", "--workers", "2"]
    with serving(ROOT, *options, logs=logs) as server:
        yield server


def get(served: Served, target: str, accept: str = "text/html") -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(served.base + target, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as answer:
        headers = {k.lower(): v for k, v in answer.getheaders()}
        return answer.status, headers, answer.read().decode("utf-8")


def test_start_page_says_the_graph_is_curated_plus_the_imports_with_their_versions(served: Served) -> None:
    status, _, html = get(served, "/")
    assert status == 200
    assert ("Served: the curated graph + imported atop (version 5.0 (alliance level); 4.01 (member level)), "
            "cow (version 4.1), cow-states (version 2016).") in html
    assert f"<code>{IMPORT}atop</code>" in html
    assert '<a href="/id/source/cow-formal-alliances-4-1" title="source:cow-formal-alliances-4-1">' in html
    assert '<a href="/views/world?date=1980-01-01">world</a>' in html


def test_sparql_over_http_answers_from_the_imported_graphs(served: Served) -> None:
    body = urllib.parse.urlencode({"query": WARSAW_PACT}).encode()
    request = urllib.request.Request(served.base + "/sparql", body, {"Accept": JSON})
    with urllib.request.urlopen(request, timeout=60) as answer:
        rows = json.loads(answer.read())["results"]["bindings"]
    assert [row["label"]["value"] for row in rows] == WARSAW_PACT_1980
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p ag:agreement agreement:atop-3285 } } ORDER BY ?g"
    _, _, text = get(served, "/sparql?" + urllib.parse.urlencode({"query": graphs}), "text/csv")
    assert text.split() == ["g", IMPORT + "atop"]


def test_named_question_over_http_on_the_world_graph(served: Served) -> None:
    target = "/queries/members-on-date?organization=agreement:atop-3285&date=1980-01-01&format=csv"
    status, _, text = get(served, target)
    lines = text.splitlines()
    assert status == 200 and lines[0] == "member,memberLabel,role,start,membership,sources"
    assert sorted(line.split(",")[1] for line in lines[1:]) == WARSAW_PACT_1980
    assert ",1955-05-14,https://w3id.org/alliance-graph/id/party/poland--atop-3285--1955," in text


def test_world_view_of_1980_is_served_with_the_warsaw_pact(served: Served) -> None:
    status, headers, html = get(served, "/views/world?date=1980-01-01")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>States and the alliances that bound them on 1980-01-01" in html
    members = set(re.findall(r'"from":"(state:[a-z-]+)","id":"party to\|state:[a-z-]+\|agreement:atop-3285"', html))
    assert members == {"state:bulgaria", "state:czechoslovakia", "state:german-democratic-republic", "state:hungary",
                       "state:poland", "state:romania", "state:russia"}
    assert "/id/agreement/atop-3285" in html  # served pages link things to their linked-data pages
    assert "connect-src" not in headers["content-security-policy"]  # still self-contained: no request allowed


def test_imported_state_page_cites_its_dataset_row(served: Served, world: KnowledgeGraph) -> None:
    rows = world.query("SELECT ?g WHERE { GRAPH ?g { state:brazil a ag:State } }")
    assert [str(r["g"]) for r in rows] == [IMPORT + "cow-states"]  # type: ignore[union-attr]  # not curated
    status, _, html = get(served, "/id/state/brazil")
    assert status == 200 and "<h1>Brazil</h1>" in html
    sources = html[html.index('<h2 id="sources">Sources</h2>'):]
    assert f'<a href="/id/source/{BRAZIL_ROW.removeprefix("source:")}"' in sources.split("</ul>")[0]
    row = rdflib.URIRef(iris.ID + BRAZIL_ROW.replace("source:", "source/"))
    about = rdflib.Graph().parse(data=get(served, "/id/state/brazil", "text/turtle")[2], format="turtle")
    assert set(about.objects(rdflib.URIRef(iris.ID + "state/brazil"), PROV.wasDerivedFrom)) == {row}
    cited = rdflib.Graph().parse(data=get(served, row.removeprefix(iris.BASE[:-1]), "text/turtle")[2], format="turtle")
    assert (cited.value(row, AG.datasetFile), cited.value(row, AG.rowKey)) == (
        rdflib.Literal("cow-states/states2016.csv"), rdflib.Literal("ccode=140; styear=1822"))
    assert cited.value(row, DCTERMS.isPartOf) == rdflib.URIRef(iris.ID + "source/cow-state-system-membership-2016")


def test_search_finds_an_imported_state(served: Served) -> None:
    _, _, text = get(served, "/search?q=Brazil&format=json", "application/json")
    assert json.loads(text)["matches"][0]["curie"] == "state:brazil"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "alliance_graph.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=cwd)


def test_serve_with_a_missing_import_says_to_run_it(scratch_project: Project) -> None:
    root = scratch_project.root
    port = str(free_port())
    served = _run("serve", "--root", str(root), "--with", "atop", "--port", port, cwd=root)
    asked = _run("query", "graph-totals", "--root", str(root), "--with", "atop", cwd=root)
    missing = root / "build" / "imports" / "cow-states.ttl"
    assert served.returncode == 2 and "Traceback" not in served.stderr
    assert served.stderr.strip() == (f"error: {missing} is missing: run `alliance-graph import atop` first "
                                     "(or `alliance-graph build --with atop`, which imports what is missing)")
    assert served.stderr == asked.stderr and asked.returncode == 2  # the same message as query --with
    assert not (root / "build" / "with-atop").exists()  # nothing half-built
    unknown = CliRunner().invoke(app, ["serve", "--root", str(root), "--with", "nato", "--port", port])
    assert unknown.exit_code == 2 and "cannot include nato: the importable datasets are atop, cow" in unknown.output
