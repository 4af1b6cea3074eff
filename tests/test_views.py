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
from conftest import free_port, serving
from typer.testing import CliRunner

from alliance_graph import iris
from alliance_graph.api import KnowledgeGraph
from alliance_graph.cli import app
from alliance_graph.errors import QueryError
from alliance_graph.queries.rows import Value
from alliance_graph.views import charts, labels, network, output, timeline
from alliance_graph.views import page as views

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE = '</script><script>window.pwned = 1</script><img src="https://example.org/x.png" onerror="window.pwned = 2">'


GRAPH_VIEWS = ["alliances", "ego", "industry", "missions"]


@pytest.fixture(scope="module")
def graphs(kg: KnowledgeGraph) -> dict[str, nx.MultiDiGraph]:
    """Each graph view of the real graph, with its default parameters."""
    return {name: network.view_graph(kg, name) for name in GRAPH_VIEWS}


def page_json(html: str) -> dict[str, Any]:
    match = re.search(r'<script id="view-data" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert match, "no view data in the page"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def node_data(html: str) -> list[dict[str, Any]]:
    return page_json(html)["nodes"]  # type: ignore[no-any-return]


def edge_between(graph: nx.MultiDiGraph, start: str, end: str, kind: str) -> list[dict[str, Any]]:
    return [d for s, e, d in graph.edges(data=True) if (s, e, d["kind"]) == (start, end, kind)]


# --- network: rows -> graph -------------------------------------------------------------------------------------


def test_views_are_listed() -> None:
    assert network.view_names() == ["alliances", "ego", "industry", "missions", "timeline", "world"]


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
    assert (unifil["label"], unifil["group"], unifil["start"]) == ("UNIFIL", "United Nations", "1978-03-19")
    assert graph.nodes["operation:isaf"]["group"] == "NATO"
    assert graph.nodes["operation:eufor-althea"]["group"] == "European Union"
    [belufil] = edge_between(graph, "state:belgium", "operation:unifil", "took part in")
    assert (belufil["label"], belufil["start"], belufil["end"]) == ("2006\u20132014", "2006-10", "2014-12-10")
    assert "personnel: 374 (2006-12-31)" in belufil["notes"]
    assert "role: contributor" in belufil["notes"]
    assert edge_between(graph, "operation:unifil", "organization:un", "conducted by")
    frameworks = {d["group"] for n, d in graph.nodes(data=True) if n.startswith("operation:")}
    assert {"United Nations", "NATO", "European Union", "national"} <= frameworks
    # The partner states Belgium served alongside, with the dates and sources of Belgium's participation.
    [kfor] = edge_between(graph, "state:denmark", "operation:kfor", "served alongside")
    assert (kfor["fact"], kfor["start"], kfor["end"]) == ("participation:belgium--kfor--1999", "1999-08", "2010-03-31")
    assert "source:vrt-de-kosovo-10-jahre" in [s.id for s in kfor["sources"]]


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
    with pytest.raises(QueryError, match="unknown view 'alliance'; views: alliances, ego, industry, missions, timeline"):
        network.view_graph(kg, "alliance")


def test_ego_weights_lines_by_ties(kg: KnowledgeGraph, graphs: dict[str, nx.MultiDiGraph]) -> None:
    graph = graphs["ego"]
    assert graph.graph["title"] == "Belgium: its partners to depth 2, by strength of ties"
    ranked = {r["partner"]: r for r in kg.ask("partners-ranked-by-ties", state="state:belgium").compact()}
    [netherlands] = edge_between(graph, "state:belgium", "state:netherlands", "bound to")
    row = ranked["state:netherlands"]
    assert netherlands["weight"] == row["ties"] == row["agreements"] + row["memberships"] + row["missions"]
    assert f"shared agreements: {row['agreements']}" in netherlands["notes"]
    # Depth 2: the partners' own partners are there, each pair drawn once.
    assert graph.number_of_nodes() > 13
    pairs = [frozenset((s, e)) for s, e in graph.edges()]
    assert len(pairs) == len(set(pairs))
    one = network.view_graph(kg, "ego", state="state:france", depth="1", top="3")
    assert sorted(one.nodes) == sorted(["state:france", *[e for _, e in one.edges()]])
    assert one.number_of_edges() == 3


@pytest.mark.parametrize(("params", "message"), [
    ({"state": "state:atlantis"}, "parameter state: 'state:atlantis' is not a state of the graph (try state:belgium)"),
    ({"depth": "9"}, "parameter depth: '9' is not a whole number from 1 to 3"),
])
def test_ego_rejects_bad_parameters(kg: KnowledgeGraph, params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        network.view_graph(kg, "ego", **params)


def test_labels_give_short_names_per_language() -> None:
    names = labels.Names({"en": "North Atlantic Treaty Organization", "nl": "Noord-Atlantische Verdragsorganisatie"},
                         {"en": ["NATO"], "nl": ["NAVO"], "fr": ["OTAN"]})
    by_lang = labels.labels_by_language(names, "organization:nato")
    assert {lang: v["short"] for lang, v in by_lang.items()} == {"en": "NATO", "nl": "NAVO", "fr": "OTAN", "de": "NATO"}
    assert by_lang["nl"]["name"] == "Noord-Atlantische Verdragsorganisatie"
    assert by_lang["de"]["name"] == "North Atlantic Treaty Organization"  # no German label: English
    assert labels.shorten("Convention between Belgium and NATO on the concession of land (1967)") == "Convention between Belgium…"


# --- page: graph -> HTML -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", GRAPH_VIEWS)
def test_html_is_byte_identical_across_runs(kg: KnowledgeGraph, graphs: dict[str, nx.MultiDiGraph], name: str) -> None:
    again = network.view_graph(kg, name)  # a second query and a second graph, not the same object
    assert views.render(graphs[name]) == views.render(again)


@pytest.mark.parametrize(("name", "present"), [
    ("alliances", ["organization:nato", "agreement:north-atlantic-treaty", "state:united-states"]),
    ("missions", ["operation:unifil", "operation:isaf", "organization:un", "state:denmark"]),
    ("industry", ["programme:f-35-belgium", "company:fn-herstal", "company:lockheed-martin"]),
    ("ego", ["state:belgium", "state:netherlands", "state:france"]),
])
def test_html_holds_the_named_nodes_in_sorted_order_with_positions(graphs: dict[str, nx.MultiDiGraph], name: str,
                                                                   present: list[str]) -> None:
    nodes = node_data(views.render(graphs[name]))
    assert [n["id"] for n in nodes] == sorted(graphs[name].nodes)
    assert set(present) <= {n["id"] for n in nodes}
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)  # no two nodes on one spot


@pytest.mark.parametrize("name", GRAPH_VIEWS)
def test_html_references_nothing_remote(graphs: dict[str, nx.MultiDiGraph], name: str) -> None:
    html = views.render(graphs[name])
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"<link\b", html, re.IGNORECASE)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", html, re.IGNORECASE)
    assert "new vis.Network(" in html and "vis-network" in html  # the library is inline


def test_page_data_holds_names_dates_sources_and_filters(graphs: dict[str, nx.MultiDiGraph]) -> None:
    data = views.page_data(graphs["alliances"])
    nodes = {n["id"]: n for n in data["nodes"]}
    nato = nodes["organization:nato"]
    assert nato["names"]["en"] == {"name": "North Atlantic Treaty Organization", "short": "NATO"}
    assert nato["names"]["fr"]["short"] == "OTAN" and nato["names"]["nl"]["short"] == "NAVO"
    assert {"NAVO", "OTAN", "North Atlantic Treaty Organization"} <= set(nato["search"])
    assert (nato["start"], nato["end"], nato["type"], nato["page"]) == ("1949-04-04", "", "organization", "")
    assert data["sources"]["source:nato-review-2007-big-move"] == {
        "title": "NATO Review 2007: The big move (move of NATO Headquarters from Paris to Brussels)",
        "url": "https://www.nato.int/docu/review/2007/Partnerships_Old_New/Big_move/EN/index.htm",
        "publisher": "NATO"}
    assert (nodes["organization:weu"]["start"], nodes["organization:weu"]["end"]) == ("1955-05-06", "2011-06-30")
    assert "defence" in nodes["agreement:north-atlantic-treaty"]["obligations"]
    assert {"defence", "consultation"} <= set(data["obligations"])
    assert data["types"] == ["state", "organization", "agreement"]
    # Six Security Council terms are one line listing six facts, each at its own precision.
    [unsc] = [e for e in data["edges"] if e["to"] == "organization:un-security-council"]
    assert [f["start"] for f in unsc["facts"]] == ["1947", "1955", "1971", "1991", "2007", "2019-01-01"]
    assert data["span"][0] == 1943  # the Belgian-US reciprocal aid agreement of 30 January 1943
    linked = views.page_data(graphs["alliances"], linked_data=True)
    assert {n["id"]: n["page"] for n in linked["nodes"]}["organization:nato"] == "/id/organization/nato"


def test_missions_filters_list_the_frameworks(graphs: dict[str, nx.MultiDiGraph]) -> None:
    data = views.page_data(graphs["missions"])
    assert {"United Nations", "NATO", "European Union", "national"} <= set(data["frameworks"])
    assert {n["id"]: n["framework"] for n in data["nodes"]}["operation:isaf"] == "NATO"


def hostile_graph() -> nx.MultiDiGraph:
    nodes: list[dict[str, Value]] = [
        {"node": "state:belgium", "label": HOSTILE, "kind": "state", "sources": "https://w3id.org/alliance-graph/id/source/evil"},
        {"node": "source:evil", "label": HOSTILE, "kind": "source", "url": "javascript:alert(1)", "publisher": HOSTILE},
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
    assert 'sandbox="allow-scripts allow-popups"' in shown


# --- charts -------------------------------------------------------------------------------------------------------


def test_timeline_chart_draws_memberships_agreements_and_missions(kg: KnowledgeGraph) -> None:
    fig = charts.timeline(kg, state="state:belgium")
    [ax] = fig.axes
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    rows = kg.ask("view-timeline", state="state:belgium")
    counts = {kind: sum(1 for r in rows if r["kind"] == kind) for kind in ("membership", "agreement", "mission")}
    assert ticks == [f"Memberships ({counts['membership']})", f"Agreements ({counts['agreement']})",
                     f"Missions ({counts['mission']})"]
    assert ax.get_xlabel() == "year"
    assert ax.get_title() == "Belgium: memberships, agreements and missions over time"
    texts = {t.get_text() for t in ax.texts}
    assert {"NATO", "WEU", "UNIFIL", "North Atlantic Treaty"} <= texts
    assert any(t.get_text().startswith("Source: alliance-graph") for t in fig.texts)


def test_spending_chart_against_the_guideline_and_targets(kg: KnowledgeGraph) -> None:
    fig = charts.spending(kg, state="state:belgium")
    [ax] = fig.axes
    assert ax.get_ylabel() == "defence spending, % of GDP"
    assert [line.get_ydata()[0] for line in ax.get_lines() if line.get_linestyle() == "--"] == [2.0]
    [preferred] = [line for line in ax.get_lines() if line.get_label() == "defence spending, preferred figure"]
    assert len(preferred.get_xdata()) == len(kg.ask("spending-against-nato-guideline", state="state:belgium"))
    notes = {t.get_text() for t in ax.texts}
    assert "NATO 2% guideline (2006)" in notes
    assert "1.54% by 2030" in notes and "5% by 2035" in notes
    [source] = [t.get_text() for t in fig.texts]
    assert "Preferred series: SIPRI 1953\u20132013, NATO 2014\u20132025" in source


# --- the command ------------------------------------------------------------------------------------------------


def test_view_command_writes_one_file_per_view_and_parameters(mini_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["view", "alliances", "date=1950-06-01", "--out", str(tmp_path),
                                 "--root", str(mini_project.root)])
    assert result.exit_code == 0, result.output
    page = tmp_path / "alliances--date-1950-06-01.html"
    data = page_json(page.read_text(encoding="utf-8"))
    # The counts printed are those the page draws.
    assert result.output.startswith(f"wrote {page} ({len(data['nodes'])} nodes, {len(data['edges'])} lines)")
    assert "Belgium: organizations and agreements on 1950-06-01" in result.output
    assert {"state:belgium", "organization:nato", "organization:western-union"} <= {n["id"] for n in data["nodes"]}
    named = tmp_path / "mine.html"
    result = runner.invoke(app, ["view", "ego", "depth=1", "--out", str(named), "--root", str(mini_project.root)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {named} (")


def test_missions_count_is_what_the_page_draws(kg: KnowledgeGraph, tmp_path: Path) -> None:
    written = output.write(kg, "missions", {}, tmp_path)
    data = page_json(written.path.read_text(encoding="utf-8"))
    assert written.path.name == "missions.html"
    assert (written.nodes, written.edges) == (len(data["nodes"]), len(data["edges"]))


def test_timeline_as_png_svg_and_html(kg: KnowledgeGraph, tmp_path: Path) -> None:
    png = output.write(kg, "timeline", {"state": "state:belgium"}, tmp_path, "png").path
    assert png.name == "timeline--state-belgium.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = output.write(kg, "timeline", {}, tmp_path / "t.svg", "svg").path
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    html = output.write(kg, "timeline", {}, tmp_path, "html").path.read_text(encoding="utf-8")
    assert "<svg" in html and 'href="https://www.nato.int/' in html


def test_timeline_labels_reach_the_page_as_escaped_text() -> None:
    # The page's SVG holds the labels as <text> (the language switch rewrites them): markup stays text, and a
    # dollar sign is not read as matplotlib's math.
    day = datetime.date
    items = [charts.Bar("mission", HOSTILE, day(1950, 1, 1), day(1960, 1, 1), "#4e79a7", gid="bar-0"),
             charts.Bar("mission", "Fund $x^$ cost", day(1970, 1, 1), None, "#4e79a7", gid="bar-1")]
    fig = charts._figure(12, 3)
    charts.draw_timeline(fig.add_subplot(), items, day(2025, 12, 31), day(2028, 1, 1), 9.0)
    drawn = timeline.svg(fig, text=True)
    assert "<script>" not in drawn and "<img" not in drawn
    assert "&lt;/script&gt;&lt;script&gt;window.pwned = 1&lt;/script&gt;" in drawn
    assert ">Fund $x^$ cost</text>" in drawn


def test_timeline_page_holds_each_bar_with_its_names_dates_and_sources(kg: KnowledgeGraph) -> None:
    html = timeline.render(kg, "state:belgium", title="Belgium")
    data = page_json(html)
    rows = kg.ask("view-timeline", state="state:belgium")
    assert len(data["bars"]) == sum(1 for r in rows if r.get("start"))
    # Each bar and its label carry the id the page's controls find them by.
    for bar in data["bars"]:
        assert f'<g id="{bar["id"]}">' in html and f'<g id="{bar["id"]}-label">' in html
    [weu] = [b for b in data["bars"] if b["thing"] == "organization:weu"]
    assert (weu["fact"], weu["kind"], weu["start"], weu["end"]) == (
        "membership:belgium--weu--1955", "membership", "1955-05-06", "2011-06-30")
    assert {"UEO", "West-Europese Unie", "Westeuropäische Union"} <= set(weu["search"])
    assert weu["names"]["fr"] == {"name": "Union de l'Europe occidentale", "short": "UEO"}
    assert data["sources"]["source:voltairenet-weu-dissolution-2010"]["url"] == (
        "https://www.voltairenet.org/article164787.html")
    terms = [(b["start"], b["end"]) for b in data["bars"] if b["thing"] == "organization:un-security-council"]
    assert terms[0] == ("1947", "1948")  # known to the year, shown so
    # Where the time axis lies in the SVG: from 1 January 1940 (matplotlib's day -10958), left to right.
    assert data["axis"]["days"][0] == -10958.0
    assert data["axis"]["x"][0] < data["axis"]["x"][1] and data["axis"]["y"][0] < data["axis"]["y"][1]
    assert data["span"] == [min(int(b["start"][:4]) for b in data["bars"]),
                            max(int(d[:4]) for b in data["bars"] for d in (b["start"], b["end"]) if d)]
    assert html == timeline.render(kg, "state:belgium", title="Belgium")  # reproducible


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
    for expected in ("alliances", "missions", "industry", "ego", "timeline", "state (IRI, default state:belgium)",
                     "date (xsd:date, optional)", "depth (integer 1-3, default 2)"):
        assert expected in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["view", "alliance"], "unknown view 'alliance'; views: alliances, ego, industry, missions, timeline"),
    (["view", "alliances", "date=1960"], "parameter date: '1960' is not a date (YYYY-MM-DD)"),
    (["view", "alliances", "country=x"], "query 'view-alliances' has no parameter 'country' (parameters: state, date)"),
    (["view"], "give a view name (alliances, ego, industry, missions, timeline, world) or --list"),
    (["view", "missions", "--format", "png"], "view 'missions' is written as html, not 'png'"),
    (["view", "ego", "depth=0"], "parameter depth: '0' is not a whole number from 1 to 3"),
    (["view", "alliances", "state=state:atlantis"], "parameter state: 'state:atlantis' is not a state of the graph"),
])
def test_view_command_rejects_bad_input(args: list[str], message: str) -> None:
    result = subprocess.run([sys.executable, "-m", "alliance_graph.cli", *args], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


# --- in a real browser --------------------------------------------------------------------------------------------

SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, kg: KnowledgeGraph,
           graphs: dict[str, nx.MultiDiGraph]) -> Iterator[tuple[str, Path]]:
    """The views written to a folder served by Python's http.server on a free loopback port."""
    folder = tmp_path_factory.mktemp("views")
    for name, graph in graphs.items():
        views.write(graph, folder / f"{name}.html")
    output.write(kg, "timeline", {}, folder / "timeline.html")
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


class Opened:
    """A page in Chromium, with every request outside ``origin`` recorded and aborted, and its errors."""

    def __init__(self, browser: Any, url: str, origin: str) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route(origin))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.goto(url)
        self.page.wait_for_function("document.body.getAttribute('data-drawn') === 'true'", timeout=60_000)

    def _route(self, origin: str) -> Any:
        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith(origin + "/"):
                request_route.continue_()
            else:
                self.outside.append(url)
                request_route.abort()
        return route

    def search(self, text: str) -> Any:
        self.page.fill("#search", text)
        return self.page.evaluate("() => network.getSelectedNodes()")

    def year(self, value: int | str) -> None:
        self.page.evaluate("""(v) => { const s = document.getElementById('year');
            s.value = v === 'all' ? s.max : v; s.dispatchEvent(new Event('input')); }""", value)

    def hidden(self, node: str) -> bool:
        return bool(self.page.evaluate("(id) => !!nodes.get(id).hidden", node))

    def click_node(self, node: str) -> None:
        self.page.evaluate("(id) => network.moveTo({position: network.getPositions([id])[id], scale: 1.0})", node)
        at = self.page.evaluate("""(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById('canvas').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y}; }""", node)
        self.page.mouse.click(at["x"], at["y"])

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"))

    def close(self) -> None:
        self.page.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", [*GRAPH_VIEWS, "timeline"])
def test_view_opens_without_errors_or_requests(browser: Any, served: tuple[str, Path], name: str) -> None:
    origin, folder = served
    opened = Opened(browser, f"{origin}/{name}.html", origin)
    try:
        opened.shot(name)
        if name != "timeline":
            drawn = opened.page.evaluate("""() => ({nodes: nodes.length, edges: edges.length,
                placed: Object.values(network.getPositions()).filter(p => isFinite(p.x) && isFinite(p.y)).length,
                physics: network.physics.options.enabled, status: document.getElementById('status').textContent})""")
            data = page_json((folder / f"{name}.html").read_text(encoding="utf-8"))
            assert (drawn["nodes"], drawn["placed"], drawn["edges"]) == (len(data["nodes"]),) * 2 + (len(data["edges"]),)
            assert drawn["physics"] is False
            assert drawn["status"] == f"{len(data['nodes'])} nodes, {len(data['edges'])} lines"
    finally:
        opened.close()
    assert opened.outside == []
    assert opened.errors == []


@pytest.mark.browser
@pytest.mark.parametrize(("name", "typed", "node"), [
    ("alliances", "Belgium", "state:belgium"),
    ("alliances", "NATO", "organization:nato"),
    ("alliances", "navo", "organization:nato"),  # Dutch, any case
    ("missions", "Belgium", "state:belgium"),
    ("ego", "Frankreich", "state:france"),  # German
    ("alliances", "#node=organization:eu", "organization:eu"),  # the link from an entity page
])
def test_search_focuses_the_named_node(browser: Any, served: tuple[str, Path], name: str, typed: str, node: str) -> None:
    origin, _ = served
    anchor = typed if typed.startswith("#") else ""
    opened = Opened(browser, f"{origin}/{name}.html{anchor}", origin)
    try:
        if anchor:
            opened.page.wait_for_function("network.getSelectedNodes().length === 1")
        selected = opened.search(typed) if not anchor else opened.page.evaluate("() => network.getSelectedNodes()")
        heading = opened.page.text_content("#panel h2")
        visible = opened.page.is_visible("#panel")
        if typed == "NATO":
            opened.shot(f"{name}-search-nato")
    finally:
        opened.close()
    assert selected == [node]
    assert visible and heading
    assert opened.errors == []


@pytest.mark.browser
def test_unticking_a_framework_hides_its_missions(browser: Any, served: tuple[str, Path]) -> None:
    origin, _ = served
    opened = Opened(browser, f"{origin}/missions.html", origin)
    try:
        before = (opened.hidden("operation:isaf"), opened.hidden("operation:kfor"), opened.hidden("operation:unifil"))
        opened.page.uncheck('input[data-filter="framework"][value="NATO"]')
        after = (opened.hidden("operation:isaf"), opened.hidden("operation:kfor"), opened.hidden("operation:unifil"))
        opened.shot("missions-without-nato")
    finally:
        opened.close()
    assert before == (False, False, False)
    assert after == (True, True, False)
    assert opened.errors == []


@pytest.mark.browser
def test_year_slider_shows_the_network_of_that_year(browser: Any, served: tuple[str, Path]) -> None:
    origin, _ = served
    opened = Opened(browser, f"{origin}/alliances.html", origin)
    try:
        seen = {}
        for year in (2012, 2011, 1960, 1950, "all"):
            opened.year(year)
            seen[year] = (opened.hidden("organization:weu"), opened.hidden("organization:eu"),
                          opened.hidden("organization:nato"), opened.page.text_content("#year-shown"))
            if year == 1950:
                opened.shot("alliances-1950")
    finally:
        opened.close()
    assert seen[2012] == (True, False, False, "2012")  # the WEU closed in 2011
    assert seen[2011] == (False, False, False, "2011")
    assert seen[1960] == (False, True, False, "1960")
    assert seen[1950] == (True, True, False, "1950")  # no WEU (1955) and no EU (1993) yet
    assert seen["all"] == (False, False, False, "all time")
    assert opened.errors == []


@pytest.mark.browser
def test_clicking_a_node_shows_its_sources_as_links(browser: Any, served: tuple[str, Path],
                                                    graphs: dict[str, nx.MultiDiGraph]) -> None:
    origin, _ = served
    opened = Opened(browser, f"{origin}/alliances.html", origin)
    try:
        opened.click_node("organization:nato")
        heading = opened.page.text_content("#panel h2")
        links = opened.page.eval_on_selector_all("#panel li a", "links => links.map(a => [a.href, a.textContent])")
        text = opened.page.text_content("#panel")
        opened.shot("alliances-panel-nato")
        opened.page.select_option("#lang", "fr")
        label = opened.page.evaluate("() => nodes.get('organization:nato').label")
        heading_fr = opened.page.text_content("#panel h2")
    finally:
        opened.close()
    assert heading == "North Atlantic Treaty Organization"
    cited = {s.url: s.title for s in graphs["alliances"].nodes["organization:nato"]["sources"]}
    assert "https://www.nato.int/docu/review/2007/Partnerships_Old_New/Big_move/EN/index.htm" in cited
    assert {href: title for href, title in links} == cited
    assert "Dates: 4 April 1949 \u2013 present" in text and "— NATO" in text
    assert label == "OTAN"
    assert heading_fr == "Organisation du traité de l'Atlantique nord"
    assert opened.errors == []


@pytest.mark.browser
def test_physics_is_off_until_asked_and_says_it_is_laying_out(browser: Any, served: tuple[str, Path]) -> None:
    origin, folder = served
    data = page_json((folder / "ego.html").read_text(encoding="utf-8"))
    opened = Opened(browser, f"{origin}/ego.html", origin)
    try:
        before = opened.page.evaluate("() => network.physics.options.enabled")
        opened.page.check("#physics")
        during = opened.page.evaluate("() => [network.physics.options.enabled, document.getElementById('status').className]")
        opened.page.wait_for_function("document.getElementById('status').className === ''", timeout=60_000)
        after = opened.page.text_content("#status")
    finally:
        opened.close()
    assert before is False
    assert during == [True, "busy"]
    assert after == f"{len(data['nodes'])} nodes, {len(data['edges'])} lines"
    assert opened.errors == []


@pytest.mark.browser
def test_hostile_labels_stay_text_in_the_browser(browser: Any, served: tuple[str, Path]) -> None:
    origin, _ = served
    opened = Opened(browser, f"{origin}/hostile.html", origin)
    try:
        opened.click_node("state:belgium")
        result = opened.page.evaluate("""() => ({
            pwned: window.pwned === undefined ? null : window.pwned,
            title: document.title,
            heading: document.querySelector('#panel h2').textContent,
            source: document.querySelector('#panel li').textContent,
            links: document.querySelectorAll('#panel a').length,
            images: document.images.length,
        })""")
    finally:
        opened.close()
    assert opened.outside == [] and opened.errors == []
    assert result == {"pwned": None, "title": HOSTILE, "heading": HOSTILE, "source": f"{HOSTILE} — {HOSTILE}",
                      "links": 0, "images": 0}


def fitted(opened: Opened) -> dict[str, Any]:
    """At the opening zoom, measured through vis-network: nodes whose box (label included) leaves the canvas, the
    on-screen size of each label drawn, those under 12 px, and pairs of drawn labels that overlap."""
    return opened.page.evaluate("""() => {
        const canvas = document.getElementById('canvas'), scale = network.getScale();
        const out = {outside: [], small: [], drawn: {}, overlaps: []}, boxes = [];
        for (const id of nodes.getIds()) {
            const box = network.getBoundingBox(id);
            const a = network.canvasToDOM({x: box.left, y: box.top}), z = network.canvasToDOM({x: box.right, y: box.bottom});
            if (a.x < 0 || a.y < 0 || z.x > canvas.clientWidth || z.y > canvas.clientHeight) { out.outside.push(id); }
            const label = network.body.nodes[id].labelModule;
            if (label.visible()) {
                const px = label.fontOptions.size * scale, s = label.size;
                out.drawn[id] = px;
                if (px < 12) { out.small.push([id, px]); }
                boxes.push([id, s.left, s.top, s.left + s.width, s.top + s.height]);
            }
        }
        boxes.forEach((p, i) => boxes.slice(i + 1).forEach(q => {
            if (!(p[3] < q[1] || p[1] > q[3] || p[4] < q[2] || p[2] > q[4])) { out.overlaps.push([p[0], q[0]]); } }));
        return out; }""")


@pytest.mark.browser
@pytest.mark.parametrize("name", GRAPH_VIEWS)
def test_graph_views_open_with_everything_on_screen_and_readable_labels(browser: Any, served: tuple[str, Path],
                                                                        name: str) -> None:
    origin, folder = served
    data = page_json((folder / f"{name}.html").read_text(encoding="utf-8"))
    opened = Opened(browser, f"{origin}/{name}.html", origin)
    try:
        seen = fitted(opened)
        opened.shot(f"{name}-opening")
    finally:
        opened.close()
    assert opened.errors == []
    assert seen["outside"] == []
    assert seen["small"] == []
    assert seen["overlaps"] == []
    majors = {n["id"] for n in data["nodes"] if n["major"]}
    assert set(seen["drawn"]) <= majors and len(seen["drawn"]) >= 10  # minor labels wait for a closer zoom
    if name == "alliances":  # 14 px, within the 1 % the sizes may lag the scale
        assert min(seen["drawn"][n] for n in ("state:belgium", "organization:nato", "organization:eu",
                                              "organization:un", "organization:weu")) >= 13.5


def bar_state(opened: Opened, bar: str) -> dict[str, Any]:
    return opened.page.evaluate("""(id) => {
        const g = document.getElementById(id), box = g.getBoundingClientRect();
        const view = document.getElementById('chart').getBoundingClientRect();
        return {display: getComputedStyle(g).display, hit: g.classList.contains('hit'),
                onScreen: box.top >= view.top && box.bottom <= view.bottom}; }""", bar)


@pytest.mark.browser
@pytest.mark.parametrize(("typed", "thing"), [
    ("WEU", "organization:weu"),
    ("UEO", "organization:weu"),  # French
    ("Westeuropäische", "organization:weu"),  # German, a part of the name
    ("Veiligheidsraad", "organization:un-security-council"),  # Dutch: all six terms are highlighted
    ("Aspides", "operation:eunavfor-aspides"),  # the last bar, at the bottom: scrolled to
])
def test_timeline_search_highlights_and_scrolls_to_the_bar(browser: Any, served: tuple[str, Path], typed: str,
                                                          thing: str) -> None:
    origin, folder = served
    data = page_json((folder / "timeline.html").read_text(encoding="utf-8"))
    bars = [b["id"] for b in data["bars"] if b["thing"] == thing]
    opened = Opened(browser, f"{origin}/timeline.html", origin)
    try:
        opened.page.fill("#search", typed)
        hits = opened.page.evaluate("() => [...document.querySelectorAll('#chart g.hit')].map(g => g.id)")
        first = bar_state(opened, bars[0])
        heading = opened.page.text_content("#panel h2")
        text = opened.page.text_content("#panel")
        if typed == "WEU":
            opened.shot("timeline-search-weu")
    finally:
        opened.close()
    assert opened.errors == [] and opened.outside == []
    assert sorted(hits) == sorted([*bars, *(f"{b}-label" for b in bars)])
    assert first == {"display": "inline", "hit": True, "onScreen": True}
    assert heading == {"organization:weu": "Western European Union",
                       "organization:un-security-council": "United Nations Security Council"}.get(thing, heading)
    if thing == "organization:un-security-council":  # the first of six terms, known to the year
        assert "Dates: 1947 \u2013 1948" in text


@pytest.mark.browser
def test_timeline_year_slider_keeps_what_was_ongoing(browser: Any, served: tuple[str, Path]) -> None:
    origin, folder = served
    data = page_json((folder / "timeline.html").read_text(encoding="utf-8"))
    [weu] = [b["id"] for b in data["bars"] if b["thing"] == "organization:weu"]
    [nato] = [b["id"] for b in data["bars"] if b["thing"] == "organization:nato"]
    [eu] = [b["id"] for b in data["bars"] if b["thing"] == "organization:eu"]
    total = len(data["bars"])

    def ongoing(year: int) -> int:  # computed here from the dates in the page, at their precision
        return sum(1 for b in data["bars"] if int(b["start"][:4]) <= year and (not b["end"] or int(b["end"][:4]) >= year))

    opened = Opened(browser, f"{origin}/timeline.html", origin)
    try:
        seen = {}
        for year in (2012, 2011, 1960, 1950, "all"):
            opened.year(year)
            seen[year] = ([bar_state(opened, b)["display"] for b in (weu, eu, nato)],
                          opened.page.text_content("#status"), opened.page.evaluate(
                              "() => getComputedStyle(document.getElementById('year-cursor')).display"))
            if year == 1960:
                opened.shot("timeline-1960")
    finally:
        opened.close()
    assert opened.errors == []
    assert seen[2012] == (["none", "inline", "inline"], f"{ongoing(2012)} of {total} facts ongoing in 2012", "inline")
    assert seen[2011] == (["inline", "inline", "inline"], f"{ongoing(2011)} of {total} facts ongoing in 2011", "inline")
    assert seen[1960] == (["inline", "none", "inline"], f"{ongoing(1960)} of {total} facts ongoing in 1960", "inline")
    assert seen[1950][0] == ["none", "none", "inline"]  # the WEU from 1955, the EU from 1993
    assert seen["all"] == (["inline", "inline", "inline"], f"{total} dated facts", "none")


@pytest.mark.browser
def test_clicking_a_timeline_bar_shows_its_dates_and_sources_as_links(browser: Any, served: tuple[str, Path],
                                                                      kg: KnowledgeGraph) -> None:
    origin, _ = served
    [row] = [r for r in kg.ask("view-timeline", state="state:belgium")
             if str(r["fact"]).endswith("/membership/belgium--weu--1955")]
    catalogue = network.source_catalogue(kg.ask("view-nodes"))
    cited = {catalogue[s].url: catalogue[s].title for s in (iris.compact(x) for x in str(row["sources"]).split())}
    opened = Opened(browser, f"{origin}/timeline.html", origin)
    try:
        bar = opened.page.evaluate("() => timelineData.bars.find(b => b.fact === 'membership:belgium--weu--1955').id")
        opened.page.locator(f"#{bar}").scroll_into_view_if_needed()
        opened.page.locator(f"#{bar}").click()
        heading = opened.page.text_content("#panel h2")
        text = opened.page.text_content("#panel")
        links = opened.page.eval_on_selector_all("#panel li a", "links => links.map(a => [a.href, a.textContent])")
        opened.shot("timeline-panel-weu")
    finally:
        opened.close()
    assert opened.errors == [] and opened.outside == []
    assert heading == "Western European Union"
    assert "Dates: 6 May 1955 \u2013 30 June 2011" in text
    assert "https://www.voltairenet.org/article164787.html" in cited and len(cited) == 4
    assert {href: title for href, title in links} == cited
    assert "— CVCE (Centre virtuel de la connaissance sur l'Europe), University of Luxembourg" in text


@pytest.fixture(scope="module")
def server(mini_project: Any) -> Iterator[str]:
    """``alliance-graph serve`` over the mini slice, on a free loopback port."""
    with serving(Path(mini_project.root), "--workers", "1", wait=60) as served:
        yield served.base


@pytest.mark.server
def test_serve_answers_views_and_links_to_them(server: str) -> None:
    import urllib.error
    import urllib.request

    with urllib.request.urlopen(f"{server}/views/alliances?date=1950-06-01", timeout=120) as answer:
        policy = answer.headers["content-security-policy"]
        data = page_json(answer.read().decode("utf-8"))
    assert "script-src 'unsafe-inline'" in policy and "connect-src" not in policy and "default-src 'none'" in policy
    assert data["title"] == "Belgium: organizations and agreements on 1950-06-01"
    assert {n["id"]: n["page"] for n in data["nodes"]}["organization:nato"] == "/id/organization/nato"
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{server}/views/ego?depth=9", timeout=60)
    assert error.value.code == 400
    assert error.value.read().decode().strip() == "parameter depth: '9' is not a whole number from 1 to 3"
    with urllib.request.urlopen(f"{server}/", timeout=60) as answer:
        assert 'href="/views/alliances"' in answer.read().decode("utf-8")
    with urllib.request.urlopen(f"{server}/id/state/belgium", timeout=60) as answer:
        assert 'href="/views/ego?state=state:belgium"' in answer.read().decode("utf-8")


@pytest.mark.browser
@pytest.mark.server
def test_served_view_runs_under_its_policy_and_links_linked_data(browser: Any, server: str) -> None:
    opened = Opened(browser, f"{server}/views/alliances", server)
    try:
        opened.click_node("organization:nato")
        page_link = opened.page.get_attribute("#panel p a", "href")
    finally:
        opened.close()
    assert opened.outside == [] and opened.errors == []
    assert page_link == "/id/organization/nato"


@pytest.mark.browser
@pytest.mark.server
def test_served_timeline_runs_its_controls_under_the_policy(browser: Any, server: str) -> None:
    opened = Opened(browser, f"{server}/views/timeline", server)
    try:
        opened.page.fill("#search", "NAVO")
        hits = opened.page.evaluate("""() => [...document.querySelectorAll('#chart g.hit')].map(g => g.id)
            .filter(id => !id.endsWith('-label')).map(id => timelineData.bars.find(b => b.id === id).thing)""")
        heading = opened.page.text_content("#panel h2")
        opened.year(1948)
        status = opened.page.text_content("#status")
    finally:
        opened.close()
    assert opened.outside == [] and opened.errors == []
    assert hits == ["organization:nato"] and heading == "North Atlantic Treaty Organization"
    assert status.endswith("facts ongoing in 1948")


# --- the timeline's language, labels and notes; the graph views fit what the filters leave ----------------------


def bar_labels(opened: Opened) -> dict[str, Any]:
    """Each bar label's text and box (SVG units, as the viewBox), the plot's left and right ends, the SVG's width."""
    return opened.page.evaluate("""() => {
        const svg = document.querySelector('#chart svg'), d = timelineData, out = {};
        d.bars.forEach(b => { const t = document.querySelector('#' + b.id + '-label text'), box = t.getBBox();
            out[b.id] = [t.textContent, box.x, box.x + box.width]; });
        return {labels: out, plot: d.axis.x, width: svg.viewBox.baseVal.width}; }""")


def label_overlaps(opened: Opened) -> list[list[str]]:
    """Pairs of bar labels that overlap, and labels that cover another fact's bar (SVG boxes)."""
    return opened.page.evaluate("""() => {
        const labels = [], bars = [], out = [], apart = (p, q) => p[2] <= q[0] || q[2] <= p[0] || p[3] <= q[1] + 1 || q[3] <= p[1] + 1;
        timelineData.bars.forEach(b => {
            const t = document.querySelector('#' + b.id + '-label text'), x = t.getBBox(), r = document.getElementById(b.id).getBBox();
            labels.push([b.id, t.textContent, [x.x, x.y, x.x + x.width, x.y + x.height]]);
            bars.push([b.id, [r.x, r.y, r.x + r.width, r.y + r.height]]); });
        labels.forEach((p, i) => labels.slice(i + 1).forEach(q => { if (!apart(p[2], q[2])) { out.push([p[1], q[1]]); } }));
        labels.forEach(p => bars.forEach(q => { if (p[0] !== q[0] && !apart(p[2], q[1])) { out.push([p[1], q[0]]); } }));
        return out; }""")


@pytest.mark.browser
def test_timeline_language_switch_names_the_bars_and_the_panel(browser: Any, served: tuple[str, Path],
                                                               kg: KnowledgeGraph) -> None:
    origin, folder = served
    data = page_json((folder / "timeline.html").read_text(encoding="utf-8"))
    names = labels.names_from_rows(kg.ask("view-labels"))
    weu_nl = names["organization:weu"].label["nl"]  # the data's Dutch name and short label, not guessed here
    weu_nl_short = labels.short_label(names["organization:weu"], "nl", weu_nl)
    [weu] = [b["id"] for b in data["bars"] if b["thing"] == "organization:weu"]
    [nato] = [b["id"] for b in data["bars"] if b["thing"] == "organization:nato"]
    opened = Opened(browser, f"{origin}/timeline.html", origin)
    try:
        opened.page.locator(f"#{weu}").scroll_into_view_if_needed()
        opened.page.locator(f"#{weu}").click()
        english = (bar_labels(opened)["labels"], opened.page.text_content("#panel h2"))
        opened.page.select_option("#lang", "nl")
        dutch = (bar_labels(opened)["labels"], opened.page.text_content("#panel h2"),
                 opened.page.evaluate("() => document.documentElement.lang"))
        opened.shot("timeline-nl-weu")
        opened.page.fill("#search", "Noord-Atlantische")  # search lists the names in the chosen language
        listed = opened.page.text_content("#matches li")
    finally:
        opened.close()
    assert opened.errors == [] and opened.outside == []
    assert (english[0][weu][0], english[0][nato][0], english[1]) == ("WEU", "NATO", "Western European Union")
    assert weu_nl == "West-Europese Unie"
    assert (dutch[0][weu][0], dutch[0][nato][0], dutch[1], dutch[2]) == (weu_nl_short, "NAVO", weu_nl, "nl")
    assert {b["id"]: dutch[0][b["id"]][0] for b in data["bars"]} == {b["id"]: b["names"]["nl"]["short"] for b in data["bars"]}
    assert listed.startswith("Noord-Atlantische Verdragsorganisatie (NAVO), 24 August 1949")


@pytest.mark.browser
def test_timeline_bar_labels_lie_inside_the_plot_apart_in_every_language(browser: Any, served: tuple[str, Path]) -> None:
    origin, folder = served
    data = page_json((folder / "timeline.html").read_text(encoding="utf-8"))
    [aspides] = [b["id"] for b in data["bars"] if b["thing"] == "operation:eunavfor-aspides"]
    opened = Opened(browser, f"{origin}/timeline.html", origin)
    try:
        seen, overlaps = {}, {}
        for lang in ("en", "nl", "fr", "de"):
            opened.page.select_option("#lang", lang)
            seen[lang] = bar_labels(opened)
            overlaps[lang] = label_overlaps(opened)
        opened.page.select_option("#lang", "en")
        opened.year(2024)
        seen["2024"] = bar_labels(opened)
        opened.page.locator(f"#{aspides}").scroll_into_view_if_needed()
        opened.shot("timeline-newest-missions")
    finally:
        opened.close()
    assert opened.errors == []
    for lang, drawn in seen.items():
        left, right = drawn["plot"]
        assert 0 < left < right < drawn["width"]
        outside = {i: v for i, v in drawn["labels"].items() if (v[1] or v[2]) and (v[1] < left or v[2] > right)}
        assert outside == {}, lang
    assert seen["en"]["labels"][aspides][0] == "EUNAVFOR Operation Aspides"  # the newest mission, whole
    assert overlaps == {"en": [], "nl": [], "fr": [], "de": []}  # room for the longest label in any language


@pytest.mark.browser
def test_timeline_text_is_at_least_12_px_with_the_spending_notes(browser: Any, served: tuple[str, Path]) -> None:
    origin, _ = served
    opened = Opened(browser, f"{origin}/timeline.html", origin)
    try:
        sizes = opened.page.evaluate("""() => { const svg = document.querySelector('#chart svg'), k = svg.getScreenCTM().a;
            return [...svg.querySelectorAll('text')].map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * k]); }""")
    finally:
        opened.close()
    assert opened.errors == []
    by_text = dict(sizes)
    assert {"5% by 2035", "1.54% by 2030", "NATO 2% guideline (2006)", "targets (year due)"} <= set(by_text)
    assert [s for s in sizes if s[1] < 12] == []


def visible_outside(opened: Opened) -> dict[str, Any]:
    """Visible nodes whose box (label included) leaves the canvas, how many are visible, the scale, the canvas top."""
    return opened.page.evaluate("""() => {
        const canvas = document.getElementById('canvas'), out = [];
        const shown = nodes.get({filter: n => !n.hidden}).map(n => n.id);
        for (const id of shown) {
            const box = network.getBoundingBox(id);
            const a = network.canvasToDOM({x: box.left, y: box.top}), z = network.canvasToDOM({x: box.right, y: box.bottom});
            if (a.x < -0.5 || a.y < -0.5 || z.x > canvas.clientWidth + 0.5 || z.y > canvas.clientHeight + 0.5) { out.push(id); }
        }
        return {outside: out, shown: shown.length, scale: network.getScale(), top: canvas.getBoundingClientRect().top}; }""")


def settled(opened: Opened) -> dict[str, Any]:
    opened.page.wait_for_function("document.body.getAttribute('data-fitted') === 'true'", timeout=30_000)
    return visible_outside(opened)


@pytest.mark.browser
def test_graph_view_fits_what_the_filters_and_the_year_leave(browser: Any, served: tuple[str, Path]) -> None:
    origin, _ = served
    opened = Opened(browser, f"{origin}/alliances.html", origin)
    try:
        seen = {"open": visible_outside(opened)}
        opened.page.uncheck('input[data-filter="type"][value="agreement"]')
        seen["no agreements"] = settled(opened)
        opened.page.check('input[data-filter="type"][value="agreement"]')
        for year in (2012, 1960, 1950, 1944, "all"):
            opened.year(year)
            seen[year] = settled(opened)
        opened.year(1950)
        seen["1950 again"] = settled(opened)
        opened.page.select_option("#lang", "fr")  # labels of another length
        seen["1950 in French"] = settled(opened)
        opened.shot("alliances-1950-fitted")
    finally:
        opened.close()
    assert opened.errors == []
    for when, view in seen.items():
        assert view["outside"] == [], when
        assert view["top"] == seen["open"]["top"], when  # the header keeps its height whatever the status says
    assert seen[1950]["shown"] < seen["all"]["shown"] and seen[1950]["scale"] > seen["all"]["scale"] * 1.1
    assert seen["all"]["scale"] == pytest.approx(seen["open"]["scale"], rel=0.02)


@pytest.mark.browser
def test_graph_view_keeps_the_readers_zoom_until_fit(browser: Any, served: tuple[str, Path]) -> None:
    origin, _ = served
    opened = Opened(browser, f"{origin}/alliances.html", origin)
    try:
        box = opened.page.locator("#canvas").bounding_box()
        opened.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        opened_scale = opened.page.evaluate("() => network.getScale()")
        for _ in range(12):  # the reader zooms in, well past any fit
            opened.page.mouse.wheel(0, -300)
            opened.page.wait_for_timeout(30)
        opened.page.wait_for_timeout(200)
        zoomed = opened.page.evaluate("() => [network.getScale(), network.getViewPosition()]")
        opened.year(1950)
        after_year = opened.page.evaluate("() => [network.getScale(), network.getViewPosition()]")
        opened.page.click("#fit")
        fitted_again = settled(opened)
    finally:
        opened.close()
    assert opened.errors == []
    assert zoomed[0] > 3 * opened_scale
    assert after_year == zoomed
    assert fitted_again["outside"] == [] and fitted_again["scale"] < zoomed[0]
