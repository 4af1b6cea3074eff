"""``alliance-graph serve``: the real server in a subprocess on a free loopback port, spoken to over HTTP, with
plain requests and with real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore). Answers are checked against
the mini slice: Belgium's NATO membership starts 1949-08-24 and cites the Academic Dictionaries copy of the
treaty; the slice holds 27 memberships."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from conftest import serving

from alliance_graph import iris
from alliance_graph.paths import QUERIES_DIR, Project

pytestmark = pytest.mark.server

TIMEOUT = 3  # the server's query time limit in these tests, seconds
MAX_RESULTS = 500
JSON = "application/sparql-results+json"
NATO_MEMBERSHIP = "https://w3id.org/alliance-graph/id/membership/belgium--nato--1949"
MEMBERSHIPS_GRAPH = iris.graph_iri("data/memberships.ttl")
COUNT_MEMBERSHIPS = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a org:Membership }"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BELGIUM_NATO_START = """
SELECT ?start WHERE {
  ?m org:member state:belgium ; org:organization organization:nato ; schema:startDate ?start .
}"""




@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> object:
        return json.loads(self.body)


@dataclass(frozen=True)
class Server:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def call(
        self, method: str, target: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT + 30)
        try:
            connection.request(method, target, body=body, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def get(self, target: str, accept: str | None = None) -> Answer:
        return self.call("GET", target, headers={"Accept": accept} if accept else {})

    def sparql(self, query: str, accept: str = JSON, **params: str) -> Answer:
        return self.get("/sparql?" + urllib.parse.urlencode({"query": query, **params}), accept)

    def post_form(self, fields: dict[str, str] | list[tuple[str, str]], accept: str = JSON) -> Answer:
        body = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        return self.call("POST", "/sparql", body, headers)


@pytest.fixture(scope="module")
def server(mini_project: Project) -> Iterator[Server]:
    """The server over the mini slice (built on first start), 3 s time limit, 500 results at most, SERVICE allowed
    to 127.0.0.1 only, CORS for https://example.org."""
    options = ["--timeout", str(TIMEOUT), "--max-results", str(MAX_RESULTS), "--workers", "2",
               "--allow-service", "127.0.0.1", "--cors", "https://example.org"]  # fmt: skip
    with serving(mini_project.root, *options, wait=120) as served:
        yield Server(served.port, served.process)


def bindings(answer: Answer) -> list[dict[str, str]]:
    assert answer.status == 200, answer.text
    data = answer.json()
    assert isinstance(data, dict)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


# --- SPARQL 1.1 Protocol -------------------------------------------------------------------------------------


def test_query_by_get_post_form_and_post_body_agree(server: Server) -> None:
    by_get = server.sparql(BELGIUM_NATO_START)
    by_form = server.post_form({"query": BELGIUM_NATO_START})
    by_body = server.call(
        "POST", "/sparql", BELGIUM_NATO_START.encode(), {"Content-Type": "application/sparql-query", "Accept": JSON}
    )
    for answer in (by_get, by_form, by_body):
        assert answer.headers["content-type"] == JSON
        assert bindings(answer) == [{"start": "1949-08-24"}]


def test_start_page_says_the_curated_graph_is_served(server: Server) -> None:
    page = server.get("/", "text/html")
    assert page.status == 200 and "<p>Served: the curated graph.</p>" in page.text
    assert "/views/world" not in page.text  # offered only with the imports (serve --with atop,cow)


def test_default_dataset_is_the_union_and_project_prefixes_are_declared(server: Server) -> None:
    assert bindings(server.sparql(COUNT_MEMBERSHIPS)) == [{"n": "27"}]
    label = 'SELECT ?l WHERE { state:belgium rdfs:label ?l FILTER (lang(?l) = "en") }'
    assert bindings(server.sparql(label)) == [{"l": "Belgium"}]


@pytest.mark.parametrize(
    ("accept", "content_type", "expected"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", '"value":"1949-08-24"'),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<literal datatype="),
        ("text/csv", "text/csv; charset=utf-8", "start\r\n1949-08-24\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", '?start\n"1949-08-24"^^<'),
        ("*/*", "application/sparql-results+json", '"vars":["start"]'),
        ("text/html", "text/html; charset=utf-8", "<td>1949-08-24</td>"),
    ],
)
def test_select_results_by_accept_header(server: Server, accept: str, content_type: str, expected: str) -> None:
    answer = server.sparql(BELGIUM_NATO_START, accept)
    assert answer.status == 200, answer.text
    assert answer.headers["content-type"] == content_type
    assert "Accept" in answer.headers["vary"]
    assert expected in answer.text


def test_ask(server: Server) -> None:
    yes = server.sparql("ASK { state:belgium a ag:State }").json()
    no = server.sparql("ASK { state:atlantis a ag:State }").json()
    assert (yes, no) == ({"head": {}, "boolean": True}, {"head": {}, "boolean": False})


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_results_by_accept_header(server: Server, accept: str, rdflib_format: str) -> None:
    query = f"CONSTRUCT {{ <{NATO_MEMBERSHIP}> ?p ?o }} WHERE {{ <{NATO_MEMBERSHIP}> ?p ?o }}"
    answer = server.sparql(query, accept)
    assert answer.status == 200, answer.text
    assert answer.headers["content-type"].split(";")[0] == accept
    graph = rdflib.Graph().parse(data=answer.body, format=rdflib_format)
    start = rdflib.Literal("1949-08-24", datatype=rdflib.XSD.date)
    assert (rdflib.URIRef(NATO_MEMBERSHIP), rdflib.URIRef("https://schema.org/startDate"), start) in graph
    sources = set(graph.objects(rdflib.URIRef(NATO_MEMBERSHIP), rdflib.PROV.wasDerivedFrom))
    assert rdflib.URIRef(iris.ID + "source/en-academic-north-atlantic-treaty") in sources
    assert len(graph) == 10  # no duplicates, although the union default graph is a bag


def test_default_graph_uri_and_named_graph_uri(server: Server) -> None:
    only_memberships = server.sparql(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }", **{"default-graph-uri": MEMBERSHIPS_GRAPH}
    )
    assert bindings(only_memberships) == [{"n": "27"}]
    graphs = server.sparql(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": MEMBERSHIPS_GRAPH}
    )
    assert bindings(graphs) == [{"g": MEMBERSHIPS_GRAPH}]
    states = f"SELECT (COUNT(*) AS ?n) FROM <{iris.graph_iri('data/states.ttl')}> WHERE {{ ?s a org:Membership }}"
    assert bindings(server.sparql(states)) == [{"n": "0"}]  # FROM is honoured: no memberships in states.ttl


# --- named questions -----------------------------------------------------------------------------------------


def test_queries_lists_every_named_question_with_its_question(server: Server) -> None:
    listed = server.get("/queries")
    assert listed.headers["content-type"] == "application/json"
    entries = {entry["name"]: entry for entry in listed.json()}  # type: ignore[union-attr]
    assert set(entries) == {path.stem for path in QUERIES_DIR.glob("*.rq")}
    memberships = entries["memberships-on-date"]
    assert memberships["question"] == "Which organizations was a state a member of on a given date?"
    assert [p["name"] for p in memberships["parameters"]] == ["state", "date"]
    assert memberships["url"] == "/queries/memberships-on-date"
    page = server.get("/queries", "text/html")
    assert 'action="/queries/memberships-on-date"' in page.text


def test_named_question_runs_with_bound_parameters(server: Server) -> None:
    answer = server.get("/queries/memberships-on-date?state=state:belgium&date=1950-01-01", JSON)
    rows = bindings(answer)
    assert [(r["org"], r["start"]) for r in rows] == [
        (iris.ID + "organization/western-union", "1948-08-25"),
        (iris.ID + "organization/nato", "1949-08-24"),
    ]
    assert "state" not in rows[0] and "date" not in rows[0]  # parameters are dropped, as the CLI does
    csv = server.get("/queries/memberships-on-date?state=state:belgium&date=1950-01-01&format=csv")
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv.text.splitlines()[0] == "org,orgLabel,role,start,end,membership,sources"


# --- linked data ---------------------------------------------------------------------------------------------


def test_iri_page_shows_labels_facts_dates_and_sources(server: Server) -> None:
    page = server.get("/id/state/belgium", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert page.status == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    html = page.text
    assert "<h1>Belgium</h1>" in html
    assert "België" in html and "Belgique" in html
    assert '<a href="/id/membership/belgium--nato--1949"' in html
    assert "1949-08-24" in html
    assert 'href="/id/source/en-academic-north-atlantic-treaty"' in html
    assert "North Atlantic Treaty (Academic Dictionaries and Encyclopedias, copy of English Wikipedia)" in html
    term = server.get("/def/Operation")
    assert term.status == 200 and "mission or operation" in term.text


def test_iri_as_turtle_or_json_ld_when_asked(server: Server) -> None:
    belgium = rdflib.URIRef(iris.ID + "state/belgium")
    turtle = server.get("/id/state/belgium", "text/turtle")
    assert turtle.headers["content-type"] == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=turtle.body, format="turtle")
    assert (belgium, rdflib.RDFS.label, rdflib.Literal("Belgium", lang="en")) in graph
    assert (rdflib.URIRef(NATO_MEMBERSHIP), rdflib.ORG.member, belgium) in graph  # facts pointing at it too
    jsonld = server.get("/id/state/belgium", "application/ld+json")
    assert jsonld.headers["content-type"] == "application/ld+json"
    assert len(rdflib.Graph().parse(data=jsonld.body, format="json-ld")) == len(graph)
    assert server.get("/id/state/belgium?format=ntriples").headers["content-type"] == "application/n-triples"


def test_html_escapes_data(server: Server) -> None:
    hostile = 'SELECT ("<script>alert(1)</script>" AS ?x) ("javascript:alert(2)"^^xsd:anyURI AS ?y) WHERE {}'
    page = server.sparql(hostile, "text/html")
    assert page.status == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert 'href="javascript:' not in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    missing = server.get("/id/state/%3Cscript%3E", "text/html")
    assert missing.status == 404
    assert missing.headers["content-type"].startswith("text/plain")
    assert missing.headers["x-content-type-options"] == "nosniff"


# --- real clients --------------------------------------------------------------------------------------------


def test_sparqlwrapper(server: Server) -> None:
    from SPARQLWrapper import JSON as WRAPPER_JSON
    from SPARQLWrapper import POST, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(server.base + "/sparql")
    client.setQuery(BELGIUM_NATO_START)
    client.setReturnFormat(WRAPPER_JSON)
    result = client.queryAndConvert()
    assert [row["start"]["value"] for row in result["results"]["bindings"]] == ["1949-08-24"]
    client.setMethod(POST)
    client.setQuery("ASK { state:belgium a ag:State }")
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery(f"DESCRIBE <{NATO_MEMBERSHIP}>")
    client.setReturnFormat(TURTLE)
    described = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert (rdflib.URIRef(NATO_MEMBERSHIP), rdflib.ORG.member, rdflib.URIRef(iris.ID + "state/belgium")) in described


def test_rdflib_sparqlstore(server: Server) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.base + "/sparql")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(BELGIUM_NATO_START.replace("SELECT", "PREFIX org: <http://www.w3.org/ns/org#>\nSELECT")))
    assert [str(row[0]) for row in rows] == ["1949-08-24"]
    members = set(graph.subjects(rdflib.ORG.organization, rdflib.URIRef(iris.ID + "organization/nato")))
    assert rdflib.URIRef(NATO_MEMBERSHIP) in members
    assert len(members) == 12  # the founders of 1949, as the mini slice holds them
    constructed = graph.query(f"CONSTRUCT {{ <{NATO_MEMBERSHIP}> ?p ?o }} WHERE {{ <{NATO_MEMBERSHIP}> ?p ?o }}")
    assert constructed.graph is not None and len(constructed.graph) == 10


# --- limits, federation, CORS --------------------------------------------------------------------------------


def test_endless_query_is_stopped_while_the_server_goes_on(server: Server) -> None:
    outcome: dict[str, Answer] = {}
    endless = threading.Thread(target=lambda: outcome.setdefault("endless", server.sparql(ENDLESS)))
    endless.start()
    time.sleep(0.3)
    assert bindings(server.sparql(COUNT_MEMBERSHIPS + " # meanwhile")) == [{"n": "27"}]
    endless.join(TIMEOUT + 30)
    stopped = outcome["endless"]
    assert stopped.status == 503
    assert stopped.text == f"query stopped: it ran longer than the server's time limit of {TIMEOUT} s\n"
    assert bindings(server.sparql(COUNT_MEMBERSHIPS + " # after")) == [{"n": "27"}]


def test_service_to_an_allowed_host_is_federated(server: Server) -> None:
    remote = f"http://127.0.0.1:{server.port}/sparql"
    query = f"SELECT ?n WHERE {{ SERVICE <{remote}> {{ {COUNT_MEMBERSHIPS} }} }}"
    assert bindings(server.sparql(query)) == [{"n": "27"}]


def test_cors_for_the_configured_origin(server: Server) -> None:
    allowed = server.call("GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "https://example.org", "Accept": JSON})
    assert allowed.headers["access-control-allow-origin"] == "https://example.org"
    preflight = server.call(
        "OPTIONS",
        "/sparql",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status == 200
    other = server.call("GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "https://evil.example", "Accept": JSON})
    assert "access-control-allow-origin" not in other.headers


# --- bad input: a clear 4xx (or the protocol's code), a message, no traceback; the server keeps serving ----

LONG_URL = "/sparql?query=" + urllib.parse.quote("ASK {} " + "#" * 20_000)

BAD: list[tuple[str, str, str, bytes | None, dict[str, str], int, str]] = [
    # (case, method, target, body, headers, status, message fragment)
    ("malformed query", "GET", "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p }"), None, {}, 400,
     "malformed query: error at 1:"),
    ("no query", "GET", "/sparql", None, {"Accept": JSON}, 400, "no query: give one as the 'query' parameter"),
    ("two queries", "GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", None, {}, 400,
     "parameter 'query' is given 2 times"),
    ("unknown question", "GET", "/queries/membership-on-date", None, {}, 404,
     "unknown query 'membership-on-date'; did you mean memberships-on-date"),
    ("unknown parameter", "GET", "/queries/memberships-on-date?country=state:belgium&date=1960-01-01", None, {}, 400,
     "query 'memberships-on-date' has no parameter 'country' (parameters: state, date)"),
    ("missing parameter", "GET", "/queries/memberships-on-date?state=state:belgium", None, {}, 400,
     "query 'memberships-on-date' needs parameter 'date' (xsd:date)"),
    ("parameter of the wrong type", "GET", "/queries/memberships-on-date?state=state:belgium&date=1960-13-01", None,
     {}, 400, "parameter date: '1960-13-01' is not a date (YYYY-MM-DD)"),
    ("not an IRI", "GET", "/queries/memberships-on-date?state=belgium&date=1960-01-01", None, {}, 400,
     "parameter state: 'belgium' is not an IRI"),
    ("over-long URL", "GET", LONG_URL, None, {}, 414, "this server takes at most 16384: POST long queries"),
    ("over-long body", "POST", "/sparql", b"ASK {} " + b"#" * (1024 * 1024 + 1),
     {"Content-Type": "application/sparql-query"}, 413, "this server takes at most 1048576"),
    ("update as form field", "POST", "/sparql", b"update=" + urllib.parse.quote_plus("CLEAR ALL").encode(),
     {"Content-Type": "application/x-www-form-urlencoded"}, 403, "SPARQL Update is refused"),
    ("update as body", "POST", "/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"}, 403,
     "SPARQL Update is refused: this endpoint is read-only"),
    ("update as query", "GET", "/sparql?query=" + urllib.parse.quote("INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
     None, {}, 403, "SPARQL Update is refused: this endpoint is read-only"),
    ("PUT", "PUT", "/sparql", b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "application/n-triples"}, 405,
     "PUT is not allowed on /sparql: this server is read-only"),
    ("DELETE a page", "DELETE", "/id/state/belgium", None, {}, 405, "DELETE is not allowed on /id/state/belgium"),
    ("SERVICE not allowed", "GET",
     "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <http://localhost:9999/sparql> { ?s ?p ?o } }"),
     None, {}, 403, "SERVICE <http://localhost:9999/sparql> is not allowed: only hosts 127.0.0.1 may be called"),
    ("SERVICE to a variable", "GET",
     "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { BIND(<http://127.0.0.1/> AS ?e) SERVICE ?e { ?s ?p ?o } }"),
     None, {}, 403, "SERVICE ?e is not allowed"),
    ("unsupported Accept", "GET", "/sparql?query=ASK%7B%7D", None, {"Accept": "image/png"}, 406,
     "no format in the Accept header 'image/png' is available for SELECT and ASK results"),
    ("unsupported Accept on a page", "GET", "/id/state/belgium", None, {"Accept": "image/png"}, 406,
     "no format in the Accept header 'image/png' is available for pages"),
    ("unknown format", "GET", "/sparql?query=ASK%7B%7D&format=yaml", None, {}, 406, "format 'yaml' is not available"),
    ("non-UTF-8 body", "POST", "/sparql", b"ASK { ?s ?p \"\xff\xfe\" }", {"Content-Type": "application/sparql-query"},
     400, "the request body is not valid UTF-8"),
    ("non-UTF-8 form", "POST", "/sparql", b"query=ASK%7B%FF%7D", {"Content-Type": "application/x-www-form-urlencoded"},
     400, "the request body is not valid UTF-8"),
    ("non-UTF-8 URL", "GET", "/sparql?query=ASK%7B%FF%7D", None, {}, 400, "the query string is not valid UTF-8"),
    ("unsupported body type", "POST", "/sparql", b"ASK {}", {"Content-Type": "text/plain"}, 415,
     "cannot read a POST body of type 'text/plain'"),
    ("too many results", "GET", "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }"), None, {}, 500,
     f"refused: the result has more than {MAX_RESULTS} rows"),
    ("too many triples", "GET", "/sparql?query=" + urllib.parse.quote("CONSTRUCT WHERE { ?s ?p ?o }"), None, {}, 500,
     f"refused: the result has more than {MAX_RESULTS} triples"),
    ("unknown IRI", "GET", "/id/state/atlantis", None, {}, 404,
     "not found: the graph says nothing about <https://w3id.org/alliance-graph/id/state/atlantis>"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "target", "body", "headers", "status", "message"), [case[1:] for case in BAD], ids=[c[0] for c in BAD]
)
def test_bad_input_gets_a_clear_error(
    server: Server, method: str, target: str, body: bytes | None, headers: dict[str, str], status: int, message: str
) -> None:
    answer = server.call(method, target, body, headers)
    assert answer.status == status, answer.text
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert message in answer.text
    assert "Traceback" not in answer.text and 'File "' not in answer.text
    assert bindings(server.sparql(COUNT_MEMBERSHIPS)) == [{"n": "27"}]  # still serving


def test_serve_help_has_an_example() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "alliance_graph.cli", "serve", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert "Example: alliance-graph serve --port 8000" in result.stdout
    assert "[default: 127.0.0.1]" in result.stdout


def test_serve_refuses_bad_options(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "alliance_graph.cli", "serve", "--timeout", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--timeout and --max-results must be positive" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_void_description_is_served_at_the_well_known_address(server: Server) -> None:
    answer = server.get("/.well-known/void", "text/turtle")
    assert answer.status == 200, answer.text
    assert answer.headers["content-type"].split(";")[0] == "text/turtle"
    graph = rdflib.Graph().parse(data=answer.body, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef("https://w3id.org/alliance-graph/void#dataset")
    [triples] = graph.objects(dataset, void.triples)
    totals = bindings(server.sparql(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH <https://w3id.org/alliance-graph/graph/void> "
        "{ ?s ?p ?o } } }", "application/sparql-results+json"))
    assert int(triples) == int(totals[0]["n"]) > 1000  # the data's triples, not the description's
    classes = {str(graph.value(p, void["class"])): int(graph.value(p, void.entities))
               for p in graph.objects(dataset, void.classPartition)}
    assert classes["https://w3id.org/alliance-graph/def/Treaty"] >= 2
    assert server.get("/void", "text/turtle").body == answer.body
