"""The endpoint read by a person: find by name at ``/search`` (and a search box on every page), result tables
with names for IRIs, titled source links, dates at their precision and types on hover, a form to rerun, HTML
errors that keep the query, and long entity pages with contents and collapsed groups. The real server runs in a
subprocess over a copy of the real data; one page is photographed by a real Chromium."""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, make_project, serving

pytestmark = pytest.mark.server

HTML = "text/html,application/xhtml+xml,*/*;q=0.8"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class Server:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def get(self, target: str, accept: str = HTML) -> tuple[int, str, str]:
        request = urllib.request.Request(self.base + target, headers={"Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers["content-type"], response.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, err.headers["content-type"], err.read().decode("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    project = make_project(tmp_path_factory.mktemp("served"), sorted((ROOT / "data").glob("*.ttl")))
    with serving(project.root, "--workers", "2", "--timeout", "20") as served:
        yield Server(served.port)


def cells(page: str, row_marker: str) -> list[str]:
    """The visible text of each cell of the first table row containing ``row_marker``."""
    row = next(r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if row_marker in r)
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]


# --- find by name --------------------------------------------------------------------------------------------


def test_search_json_finds_names_in_any_language(server: Server) -> None:
    status, media, body = server.get("/search?q=" + urllib.parse.quote("belgië"), "application/json")
    assert (status, media) == (200, "application/json")
    data = json.loads(body)
    assert data["matches"][0]["curie"] == "state:belgium"
    status, _, body = server.get("/search?q=ABNL&format=json")
    first = json.loads(body)["matches"][0]
    assert (first["curie"], first["label"], first["matched"]["how"]) == ("organization:abnl", "Admiral Benelux", "exact")
    _, _, body = server.get("/search?q=brogel&kind=controversy&format=json")
    assert [m["curie"] for m in json.loads(body)["matches"]] == ["controversy:nuclear-weapons-kleine-brogel"]


def test_search_html_links_each_thing_to_its_page(server: Server) -> None:
    status, media, page = server.get("/search?q=NAVO")
    assert (status, media) == (200, "text/html; charset=utf-8")
    assert 'value="NAVO"' in page  # the form keeps the text
    first = cells(page, "/id/organization/nato")
    assert first[0].startswith("North Atlantic Treaty Organization") and "NAVO" in first[2] and "exact" in first[2]
    assert '<a href="/id/organization/nato"' in page


def test_search_bad_input(server: Server) -> None:
    assert server.get("/search?q=nato&limit=abc", "application/json")[:1] == (400,)
    status, _, body = server.get("/search?q=nato&limit=abc", "application/json")
    assert "limit must be a whole number, not 'abc'" in body
    status, _, body = server.get("/search", "application/json")
    assert status == 400 and "give a name to look for: /search?q=NAME" in body
    status, _, page = server.get("/search")  # a browser gets the empty form
    assert status == 200 and '<form method="get" action="/search"' in page


@pytest.mark.parametrize("path", ["/", "/queries", "/id/state/belgium", "/queries/graph-totals", "/search?q=x"])
def test_every_page_has_the_search_box(server: Server, path: str) -> None:
    status, _, page = server.get(path)
    assert status == 200
    assert '<form class="search" method="get" action="/search" role="search"><input name="q"' in page


# --- result tables -------------------------------------------------------------------------------------------


def test_named_question_result_is_readable(server: Server) -> None:
    status, _, page = server.get("/queries/missions-in-year?year=1995")
    assert status == 200
    uncro = cells(page, "/id/operation/uncro")
    # IRIs by label, dates at precision (Belgium in UNCRO is known to the year), numbers without their type
    assert uncro[:2] == ["United Nations Confidence Restoration Operation in Croatia"] * 2
    assert (uncro[5], uncro[6], uncro[7]) == ("1995", "1995", "650")
    assert '<span title="xsd:integer">650</span>' in page  # the type on hover only
    assert '<span class="note">en</span>' not in page and ">xsd:integer<" not in page
    # the sources column: one titled link per source
    # (the fatality figure cites the dataset row it comes from: file and key are in the title)
    assert re.search(r'<a href="/id/source/henke-un-fatalities-contingent-mission-month--uncro--1995-07" title="[^"]*">UN peacekeeper fatalities by contributing nationality, mission and month .*Mission=UNCRO', page)
    assert "source:henke-un-fatalities-contingent-mission-month" not in uncro[8]
    unprofor = cells(page, "/id/operation/unprofor")
    assert unprofor[5] == "1992-04-07"
    # the form above the result, filled with what was asked
    assert '<form method="get" action="/queries/missions-in-year">' in page
    assert re.search(r'<input name="year" value="1995"', page)


def test_sparql_result_has_a_form_to_rerun(server: Server) -> None:
    query = "SELECT ?x WHERE { VALUES ?x { state:belgium } }"
    status, _, page = server.get("/sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 200
    assert '<form method="post" action="/sparql" class="rerun">' in page
    assert htmllib.escape(query, quote=False) in page and "Run again" in page
    assert cells(page, "/id/state/belgium") == ["Belgium"]


def test_error_page_keeps_the_query_and_shows_the_parser_message(server: Server) -> None:
    query = "SELECT ?x WHERE { ?x rdfs:label }"
    status, media, page = server.get("/sparql?" + urllib.parse.urlencode({"query": query}))
    assert (status, media) == (400, "text/html; charset=utf-8")
    assert "malformed query: error at 1:" in htmllib.unescape(page)
    assert f">{htmllib.escape(query)}</textarea>" in page
    # a program still gets plain text
    status, media, body = server.get("/sparql?" + urllib.parse.urlencode({"query": query}), "application/json")
    assert status == 400 and media.startswith("text/plain") and body.startswith("malformed query: error at 1:")
    # a named question with a bad parameter: the form comes back with the value given
    status, media, page = server.get("/queries/missions-in-year?year=abc")
    assert (status, media) == (400, "text/html; charset=utf-8")
    assert "parameter year: &#39;abc&#39; is not an integer" in page
    assert re.search(r'<input name="year" value="abc"', page)
    status, media, body = server.get("/queries/missions-in-year?year=abc", "application/json")
    assert status == 400 and media.startswith("text/plain") and "is not an integer" in body


def test_long_entity_page_has_contents_and_collapsed_groups(server: Server) -> None:
    status, _, page = server.get("/id/state/belgium")
    assert status == 200
    assert '<nav class="toc" aria-label="Contents">' in page
    groups = re.findall(r'<details class="group"[^>]*>', page)
    assert len(groups) > 10
    assert any(" open" not in g for g in groups) and any(" open" in g for g in groups)
    for anchor in re.findall(r'<nav class="toc".*?</nav>', page, re.S)[0].split('href="#')[1:]:
        assert f'id="{anchor.split(chr(34))[0]}"' in page


def test_entity_page_dates_at_precision(server: Server) -> None:
    _, _, page = server.get("/id/participation/belgium--uncro--1995")
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", page))
    assert "1995" in text and "1995-01-01" not in re.sub(r'title="[^"]*"', "", page)


@pytest.mark.browser
def test_screenshot_of_a_readable_result(server: Server, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (apt-get install -y chromium)")
    sync_api: Any = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(server.base + "/queries/missions-in-year?year=1995")
            assert page.locator("table.results tbody tr").count() >= 5
            page.screenshot(path=str(shots / "missions-in-year-1995.png"), full_page=False)
            page.goto(server.base + "/id/state/belgium")
            height = page.evaluate("document.documentElement.scrollHeight")
            page.screenshot(path=str(shots / "belgium.png"), full_page=False)
            page.fill("header input[name=q]", "Kleine-Brogel")
            page.press("header input[name=q]", "Enter")
            page.wait_for_url("**/search?q=Kleine-Brogel")
            page.click("table a >> nth=0")
            assert page.url.endswith("/id/place/kleine-brogel")
        finally:
            browser.close()
    assert height < 30_000  # was 66,000 px with every group open
