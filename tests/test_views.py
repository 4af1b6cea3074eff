"""Graph views: rows -> networkx -> one self-contained, reproducible HTML page; and in a real Chromium."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import free_port
from typer.testing import CliRunner

from alliance_graph.api import KnowledgeGraph
from alliance_graph.cli import app
from alliance_graph.errors import QueryError
from alliance_graph.queries.rows import Value
from alliance_graph.views import network
from alliance_graph.views import page as views

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE = '</script><script>window.pwned = 1</script><img src="https://example.org/x.png" onerror="window.pwned = 2">'


@pytest.fixture(scope="module")
def graphs(kg: KnowledgeGraph) -> dict[str, nx.MultiDiGraph]:
    """Each view of the real graph, with its default parameters."""
    return {name: network.view_graph(kg, name) for name in network.view_names()}


def node_data(html: str) -> list[dict[str, Any]]:
    match = re.search(r"var nodes = new vis\.DataSet\((.*?)\);\n", html)
    assert match, "no nodes DataSet in the page"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def edge_between(graph: nx.MultiDiGraph, start: str, end: str, kind: str) -> list[dict[str, Any]]:
    return [d for s, e, d in graph.edges(data=True) if (s, e, d["kind"]) == (start, end, kind)]


# --- network: rows -> graph -------------------------------------------------------------------------------------


def test_views_are_listed() -> None:
    assert network.view_names() == ["alliances", "industry", "missions"]


def test_alliances_hold_belgium_nato_membership_with_dates_and_sources(graphs: dict[str, nx.MultiDiGraph]) -> None:
    graph = graphs["alliances"]
    assert graph.graph["title"] == "Belgium: organizations and agreements"
    assert graph.nodes["organization:nato"]["name"] == "North Atlantic Treaty Organization"
    assert graph.nodes["organization:nato"]["group"] == "organization"
    assert graph.nodes["state:belgium"]["focus"] is True
    [nato] = edge_between(graph, "state:belgium", "organization:nato", "member of")
    assert (nato["fact"], nato["label"], nato["start"], nato["end"]) == (
        "membership:belgium--nato--1949", "founding member", "1949-08-24", "")
    assert [s.id for s in nato["sources"]] == [
        "source:diplomatie-belgium-nato-turns-75",
        "source:en-academic-north-atlantic-treaty",
    ]
    # Six terms on the Security Council: one edge each, keyed by its membership node; dates shown as precisely
    # as they are known (year precision for five of them).
    terms = edge_between(graph, "state:belgium", "organization:un-security-council", "member of")
    assert sorted(t["start"] for t in terms) == ["1947", "1955", "1971", "1991", "2007", "2019-01-01"]
    # Agreements bind Belgium to other states: the North Atlantic Treaty has the United States as a party.
    assert edge_between(graph, "state:united-states", "agreement:north-atlantic-treaty", "party to")
    assert edge_between(graph, "agreement:north-atlantic-treaty", "organization:nato", "establishes")
    # Programmes belong to the industry view, not here.
    assert "programme:f-35-belgium" not in graph


def test_alliances_on_a_date_keep_what_was_in_force(kg: KnowledgeGraph) -> None:
    graph = network.view_graph(kg, "alliances", date="1960-01-01")
    assert graph.graph["title"] == "Belgium: organizations and agreements on 1960-01-01"
    members_of = sorted(e for s, e, d in graph.edges(data=True) if s == "state:belgium" and d["kind"] == "member of")
    assert members_of == ["organization:benelux", "organization:european-communities", "organization:nato",
                          "organization:un", "organization:weu"]
    assert "organization:eu" not in graph


def test_missions_group_operations_by_framework_with_years(graphs: dict[str, nx.MultiDiGraph]) -> None:
    graph = graphs["missions"]
    unifil = graph.nodes["operation:unifil"]
    assert (unifil["label"], unifil["group"], unifil["start"]) == ("UNIFIL", "United Nations", "1978")
    assert graph.nodes["operation:isaf"]["group"] == "NATO"
    assert graph.nodes["operation:eufor-althea"]["group"] == "European Union"
    [belufil] = edge_between(graph, "state:belgium", "operation:unifil", "took part in")
    assert (belufil["label"], belufil["start"], belufil["end"]) == ("2006\u20132014", "2006-10", "2014-12-10")
    assert "personnel: 374 (2006-12-31)" in belufil["notes"]
    assert "role: contributor" in belufil["notes"]
    assert edge_between(graph, "operation:unifil", "organization:un", "conducted by")
    frameworks = {d["group"] for n, d in graph.nodes(data=True) if n.startswith("operation:")}
    assert {"United Nations", "NATO", "European Union", "national"} <= frameworks


def test_industry_links_programmes_companies_and_owners(graphs: dict[str, nx.MultiDiGraph]) -> None:
    graph = graphs["industry"]
    [f35] = edge_between(graph, "state:belgium", "programme:f-35-belgium", "takes part in")
    assert (f35["label"], f35["start"]) == ("customer", "2018-10-25")
    assert edge_between(graph, "programme:f-35-belgium", "company:lockheed-martin", "supplied by")
    [walloon] = edge_between(graph, "organization:walloon-region", "company:fn-herstal", "owns")
    assert walloon["fact"] == "ownership:walloon-region--fn-herstal--1997"
    assert walloon["start"] == "1997-10-02"
    assert any(note.startswith("ownership share: 100 percent") for note in walloon["notes"])
    assert edge_between(graph, "company:mecar", "company:nexter", "part of")
    assert graph.nodes["company:fn-herstal"]["group"] == "company"


def test_graph_from_rows_rejects_rows_without_ends() -> None:
    with pytest.raises(QueryError, match="edge row 1 has no to, kind: a view query must return them"):
        network.graph_from_rows([{"from": "state:belgium"}])


def test_unknown_view_names_the_views(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="unknown view 'alliance'; views: alliances, industry, missions"):
        network.view_graph(kg, "alliance")


# --- views: graph -> HTML -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["alliances", "missions", "industry"])
def test_html_is_byte_identical_across_runs(kg: KnowledgeGraph, graphs: dict[str, nx.MultiDiGraph], name: str) -> None:
    again = network.view_graph(kg, name)  # a second query and a second graph, not the same object
    assert views.render(graphs[name]) == views.render(again)


@pytest.mark.parametrize(("name", "present"), [
    ("alliances", ["organization:nato", "agreement:north-atlantic-treaty", "state:united-states"]),
    ("missions", ["operation:unifil", "operation:isaf", "organization:un"]),
    ("industry", ["programme:f-35-belgium", "company:fn-herstal", "company:lockheed-martin"]),
])
def test_html_holds_the_named_nodes_in_sorted_order(graphs: dict[str, nx.MultiDiGraph], name: str,
                                                    present: list[str]) -> None:
    html = views.render(graphs[name])
    ids = [n["id"] for n in node_data(html)]
    assert ids == sorted(graphs[name].nodes)
    assert set(present) <= set(ids)


@pytest.mark.parametrize("name", ["alliances", "missions", "industry"])
def test_html_references_nothing_remote(graphs: dict[str, nx.MultiDiGraph], name: str) -> None:
    html = views.render(graphs[name])
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"<link\b", html, re.IGNORECASE)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", html, re.IGNORECASE)
    assert "new vis.Network(" in html and "vis-network" in html  # the library is inline


def test_tooltips_show_dates_and_sources(graphs: dict[str, nx.MultiDiGraph]) -> None:
    net = views.to_network(graphs["alliances"])
    [nato] = [n for n in net.nodes if n["id"] == "organization:nato"]
    assert nato["title"].splitlines()[:3] == [
        "North Atlantic Treaty Organization", "international organization, organization:nato",
        "dates: 1949-04-04 to present"]
    assert "[source:diplomatie-belgium-nato-turns-75]" in nato["title"]
    [edge] = [e for e in net.edges if (e["from"], e["to"], e["kind"]) == ("state:belgium", "organization:nato", "member of")]
    assert edge["label"] == "founding member"
    assert edge["title"].splitlines()[:5] == [
        "Belgium -> North Atlantic Treaty Organization", "", "member of: founding member",
        "dates: 1949-08-24 to present", "fact: membership:belgium--nato--1949"]
    assert "[source:en-academic-north-atlantic-treaty]" in edge["title"]
    # Parallel facts of one kind are drawn as one edge whose tooltip lists each of them.
    [unsc] = [e for e in net.edges if e["to"] == "organization:un-security-council"]
    assert unsc["title"].count("fact: membership:belgium--un-security-council--") == 6
    assert all(("dates: " in n["title"] and "sources:" in n["title"]) for n in [*net.nodes, *net.edges])


def hostile_graph() -> nx.MultiDiGraph:
    nodes: list[dict[str, Value]] = [
        {"node": "state:belgium", "label": HOSTILE, "kind": "state", "sources": "https://w3id.org/alliance-graph/id/source/evil"},
        {"node": "source:evil", "label": HOSTILE, "kind": "source", "url": "javascript:alert(1)"},
    ]
    edges: list[dict[str, Value]] = [{"from": "state:belgium", "to": "organization:nato", "kind": HOSTILE, "label": HOSTILE,
              "start": datetime.date(1949, 8, 24), "notes": HOSTILE, "sources": "https://w3id.org/alliance-graph/id/source/evil"}]
    return network.graph_from_rows(edges, nodes, title=HOSTILE, focus="state:belgium")


def test_data_in_the_page_is_escaped() -> None:
    html = views.render(hostile_graph())
    assert "<script>window.pwned" not in html
    assert "<img" not in html
    assert "</script><script>" not in html
    assert "\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned" in html  # inside the JSON data
    assert "<title>&lt;/script&gt;&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html


def test_notebook_display_is_an_isolated_iframe(graphs: dict[str, nx.MultiDiGraph]) -> None:
    shown = views.render(graphs["industry"])._repr_html_()
    assert shown.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert 'sandbox="allow-scripts"' in shown


# --- the command ------------------------------------------------------------------------------------------------


def test_view_command_writes_the_page(mini_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["view", "alliances", "date=1950-06-01", "--out", str(tmp_path),
                                 "--root", str(mini_project.root)])
    assert result.exit_code == 0, result.output
    page = tmp_path / "alliances.html"
    assert result.output.startswith(f"wrote {page} (")
    assert "Belgium: organizations and agreements on 1950-06-01" in result.output
    ids = {n["id"] for n in node_data(page.read_text(encoding="utf-8"))}
    assert {"state:belgium", "organization:nato", "organization:western-union"} <= ids


def test_view_command_is_reproducible_across_processes(mini_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pages = []
    for seed in ("1", "2"):  # different hash seeds: no set or dict order may leak into the page
        out = tmp_path / seed
        result = subprocess.run(
            [sys.executable, "-m", "alliance_graph.cli", "view", "alliances", "--out", str(out),
             "--root", str(mini_project.root)],
            capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        pages.append((out / "alliances.html").read_bytes())
    assert pages[0] == pages[1]


def test_view_list_names_views_and_parameters() -> None:
    result = runner.invoke(app, ["view", "--list"], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    for expected in ("alliances", "missions", "industry", "state (IRI, default state:belgium)", "date (xsd:date, optional)"):
        assert expected in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["view", "alliance"], "unknown view 'alliance'; views: alliances, industry, missions"),
    (["view", "alliances", "date=1960"], "parameter date: '1960' is not a date (YYYY-MM-DD)"),
    (["view", "alliances", "country=x"], "query 'view-alliances' has no parameter 'country' (parameters: state, date)"),
    (["view"], "give a view name (alliances, industry, missions) or --list"),
])
def test_view_command_rejects_bad_input(args: list[str], message: str) -> None:
    result = subprocess.run([sys.executable, "-m", "alliance_graph.cli", *args], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


# --- in a real browser --------------------------------------------------------------------------------------------




@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, graphs: dict[str, nx.MultiDiGraph]) -> Iterator[tuple[str, Path]]:
    """The views written to a folder served by Python's http.server on a free loopback port."""
    folder = tmp_path_factory.mktemp("views")
    for name, graph in graphs.items():
        views.write(graph, folder / f"{name}.html")
    views.write(hostile_graph(), folder / "hostile.html")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "--directory", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", folder
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


def open_view(browser: Any, origin: str, name: str) -> tuple[Any, list[str], list[str]]:
    """Open a view; every request not to ``origin`` is recorded and aborted. Returns page, outside, errors."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    outside: list[str] = []
    errors: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(origin + "/"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{origin}/{name}.html")
    page.wait_for_function("document.body.getAttribute('data-drawn') === 'true'", timeout=60_000)
    return page, outside, errors


@pytest.mark.browser
@pytest.mark.parametrize("name", ["alliances", "missions", "industry"])
def test_view_draws_every_node_without_network_requests(browser: Any, served: tuple[str, Path],
                                                        graphs: dict[str, nx.MultiDiGraph], name: str) -> None:
    origin, _ = served
    page, outside, errors = open_view(browser, origin, name)
    try:
        drawn = page.evaluate("""() => ({
            nodes: nodes.length,
            edges: edges.length,
            placed: Object.values(network.getPositions()).filter(p => isFinite(p.x) && isFinite(p.y)).length,
            unifil: nodes.get('operation:unifil') ? nodes.get('operation:unifil').label : null,
            legend: document.getElementById('legend').textContent,
        })""")
    finally:
        page.close()
    assert outside == []
    assert errors == []
    expected = graphs[name].number_of_nodes()
    assert (drawn["nodes"], drawn["placed"]) == (expected, expected)
    assert drawn["edges"] == len(views.to_network(graphs[name]).edges)
    if name == "missions":
        assert drawn["unifil"] == "UNIFIL"
        assert "United Nations" in drawn["legend"] and "took part in" in drawn["legend"]


@pytest.mark.browser
def test_hostile_labels_stay_text_in_the_browser(browser: Any, served: tuple[str, Path]) -> None:
    origin, _ = served
    page, outside, errors = open_view(browser, origin, "hostile")
    try:
        result = page.evaluate("""() => ({
            pwned: window.pwned === undefined ? null : window.pwned,
            title: document.title,
            name: nodes.get('state:belgium').title.split('\\n')[0],
            images: document.images.length,
        })""")
    finally:
        page.close()
    assert outside == [] and errors == []
    assert result == {"pwned": None, "title": HOSTILE, "name": HOSTILE, "images": 0}
