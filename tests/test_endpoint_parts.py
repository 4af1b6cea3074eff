"""The endpoint's parts that need no server: content negotiation, what a query calls (SERVICE) or names (FROM),
and the HTML of a page built from hostile data in a real in-memory store."""

from __future__ import annotations

import doctest
import types

import pyoxigraph as ox
import pytest

from alliance_graph import iris
from alliance_graph.serve import app as endpoint
from alliance_graph.serve import formats as endpoint_formats
from alliance_graph.serve import pages as endpoint_pages
from alliance_graph.serve import sparql as endpoint_sparql
from alliance_graph.serve import worker as endpoint_worker
from alliance_graph.serve.formats import GRAPHS, PAGES, RESULTS, NotAcceptable, negotiate
from alliance_graph.serve.resource import resource_page
from alliance_graph.serve.sparql import Unchecked, analyse, host_allowed, refused_service
from alliance_graph.serve.worker import QueryJob, Runner


@pytest.mark.parametrize("module", [endpoint, endpoint_formats, endpoint_pages, endpoint_sparql, endpoint_worker])
def test_doctests(module: types.ModuleType) -> None:
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0
    assert tried > 0


@pytest.mark.parametrize(
    ("formats", "accept", "wanted", "name"),
    [
        (RESULTS, None, None, "json"),
        (RESULTS, "application/json", None, "json"),
        (RESULTS, "application/sparql-results+xml, application/rdf+xml", None, "xml"),  # rdflib's SPARQLStore
        (RESULTS, "text/csv;q=0.5, text/tab-separated-values", None, "tsv"),
        (RESULTS, "*/*", "csv", "csv"),
        (GRAPHS, "application/sparql-results+xml, application/rdf+xml", None, "rdfxml"),
        (GRAPHS, "application/json", None, "jsonld"),
        (GRAPHS, "text/plain", None, "ntriples"),
        (GRAPHS, "*/*", "json", "jsonld"),  # SPARQLWrapper sends format=json whatever the query
        (PAGES, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None, "html"),
        (PAGES, "*/*", None, "html"),
        (PAGES, "text/turtle", None, "turtle"),
        (PAGES, "application/ld+json", None, "jsonld"),
    ],
)
def test_negotiation(formats: tuple[endpoint_formats.Format, ...], accept: str, wanted: str, name: str) -> None:
    assert negotiate(formats, accept, wanted).name == name


def test_negotiation_refuses_what_it_cannot_give() -> None:
    with pytest.raises(NotAcceptable, match="no format in the Accept header 'image/png' is available for results"):
        negotiate(RESULTS, "image/png")
    with pytest.raises(NotAcceptable, match="cannot read the Accept header 'garbage'"):
        negotiate(RESULTS, "garbage")
    with pytest.raises(NotAcceptable, match="format 'turtle' is not available for results; use one of json, xml"):
        negotiate(RESULTS, None, "turtle")


def test_service_endpoints_are_found_wherever_they_hide() -> None:
    query = """PREFIX ex: <http://example.org:8080/>
    SELECT * WHERE {
      SERVICE ex:sparql { ?s ?p ?o }
      OPTIONAL { SERVICE SILENT <http://a.example/s> { ?a ?b ?c } }
      FILTER EXISTS { SERVICE <http://b.example/s> { ?s ?p ?o } }
      { SELECT ?s WHERE { SERVICE <http://c.example/s> { ?s ?p ?o } } }
    }"""
    assert set(analyse(query).services) == {
        "http://example.org:8080/sparql",
        "http://a.example/s",
        "http://b.example/s",
        "http://c.example/s",
    }
    escaped = r"SELECT * WHERE { SERVICE <http://\u0031\u0032\u0037.0.0.1:9/> { ?s ?p ?o } }"
    assert analyse(escaped).services == ("http://127.0.0.1:9/",)
    with pytest.raises(Unchecked, match="the query mentions SERVICE but its endpoints could not be checked"):
        analyse("SELECT * WHERE { SERVICE <http://a.example/> { ?s ?p } }")


def test_service_allow_list() -> None:
    assert host_allowed("http://query.example.org/sparql", ("query.example.org",))
    assert host_allowed("https://query.example.org:8443/s", ("query.example.org:8443",))
    assert not host_allowed("https://query.example.org:8443/s", ("query.example.org:443",))
    assert not host_allowed("http://query.example.org.evil.example/s", ("query.example.org",))
    assert not host_allowed("http://evil.example/?host=query.example.org", ("query.example.org",))
    assert not host_allowed("file:///etc/passwd", ("localhost",))
    assert not host_allowed("relative", ("localhost",))
    message = refused_service(analyse("SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }"), ("a.example",))
    assert message == "SERVICE ?x is not allowed: only fixed endpoints on a.example may be called"


HOSTILE = iris.ID + "state/hostile"


@pytest.fixture()
def hostile_store() -> ox.Store:
    """A real store whose data tries to inject HTML and script URLs."""
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    fact = ox.NamedNode(iris.ID + "membership/hostile--nato--1949")
    source = ox.NamedNode(iris.ID + "source/hostile")
    graph = ox.NamedNode(iris.graph_iri("data/hostile.ttl"))
    xsd = "http://www.w3.org/2001/XMLSchema#"
    triples = [
        (ox.NamedNode(HOSTILE), label, ox.Literal('<img src=x onerror="alert(1)">', language="en")),
        (fact, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("http://www.w3.org/ns/org#Membership")),
        (fact, ox.NamedNode("http://www.w3.org/ns/org#member"), ox.NamedNode(HOSTILE)),
        (fact, label, ox.Literal("</td><script>alert(2)</script>", language="en")),
        (fact, ox.NamedNode("https://schema.org/startDate"), ox.Literal("1949-01-01", datatype=ox.NamedNode(xsd + "date"))),
        (fact, ox.NamedNode(iris.DEF + "startPrecision"), ox.NamedNode(iris.DEF + "year")),
        (fact, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), source),
        (source, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal('"><script>alert(3)</script>')),
        (source, ox.NamedNode("https://schema.org/url"), ox.Literal("javascript:alert(4)", datatype=ox.NamedNode(xsd + "anyURI"))),
    ]  # fmt: skip
    store.extend(ox.Quad(s, p, o, graph) for s, p, o in triples)
    return store


def test_page_escapes_hostile_data_and_keeps_the_facts(hostile_store: ox.Store) -> None:
    page = resource_page(hostile_store, HOSTILE)
    assert page is not None
    html = page.decode("utf-8")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "javascript:" not in html.replace('title="javascript:alert(4)"', "")  # never a link
    assert 'href="/id/membership/hostile--nato--1949"' in html
    assert ">1949</" in html  # a year-precision date shows the year only


def test_page_of_an_unknown_iri_is_none(hostile_store: ox.Store) -> None:
    assert resource_page(hostile_store, iris.ID + "state/nowhere") is None


def test_worker_counts_rows_and_drops_parameter_columns(hostile_store: ox.Store) -> None:
    runner = Runner(hostile_store, max_results=3, allow_service=())
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    refused = runner.run(QueryJob(query))
    assert (refused.status, refused.body) == (
        500,
        b"refused: the result has more than 3 rows (the server's --max-results); narrow the query or add a LIMIT\n",
    )
    member = "SELECT ?m ?s WHERE { ?m org:member ?s }"
    job = QueryJob(member, {ox.Variable("s"): ox.NamedNode(HOSTILE)}, accept="text/csv", drop=("s",))
    answer = runner.run(job)
    assert answer.status == 200
    assert answer.body.decode() == f"m\r\n{iris.ID}membership/hostile--nato--1949\r\n"
