"""Result formats of the HTTP endpoint and content negotiation (``Accept`` header or a ``format`` parameter)."""

from __future__ import annotations

from dataclasses import dataclass

import mimeparse  # type: ignore[import-untyped]
import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One way to write a result: a short name, the media type sent, the types accepted for it, the writer."""

    name: str
    media_type: str
    accepts: tuple[str, ...]
    writer: ox.QueryResultsFormat | ox.RdfFormat | None  # None: an HTML page

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header: the media type, with ``charset=utf-8`` for text."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


HTML = Format("html", "text/html", ("text/html", "application/xhtml+xml"), None)

#: SELECT and ASK results, least preferred first (``*/*`` picks the last: SPARQL JSON).
RESULTS: tuple[Format, ...] = (
    HTML,
    Format("tsv", "text/tab-separated-values", ("text/tab-separated-values",), ox.QueryResultsFormat.TSV),
    Format("csv", "text/csv", ("text/csv",), ox.QueryResultsFormat.CSV),
    Format(
        "xml",
        "application/sparql-results+xml",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        ox.QueryResultsFormat.XML,
    ),
    Format(
        "json",
        "application/sparql-results+json",
        ("application/sparql-results+json", "application/json"),
        ox.QueryResultsFormat.JSON,
    ),
)

#: CONSTRUCT and DESCRIBE results, least preferred first (``*/*`` picks Turtle).
GRAPHS: tuple[Format, ...] = (
    HTML,
    Format(
        "rdfxml", "application/rdf+xml", ("application/rdf+xml", "application/xml", "text/xml"), ox.RdfFormat.RDF_XML
    ),
    Format("jsonld", "application/ld+json", ("application/ld+json", "application/json"), ox.RdfFormat.JSON_LD),
    Format("ntriples", "application/n-triples", ("application/n-triples", "text/plain"), ox.RdfFormat.N_TRIPLES),
    Format("turtle", "text/turtle", ("text/turtle", "application/x-turtle"), ox.RdfFormat.TURTLE),
)

#: Linked-data pages: HTML for people unless the client asks for RDF.
PAGES: tuple[Format, ...] = (*GRAPHS[1:], HTML)

#: Other names a ``format`` parameter may use.
ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
    "text": "tsv",
}


class NotAcceptable(ValueError):
    """No format the client accepts fits the result; the message lists what does."""


def _by_name(formats: tuple[Format, ...], wanted: str) -> Format | None:
    name = ALIASES.get(wanted.lower(), wanted.lower())
    for fmt in formats:
        if fmt.name == name:
            return fmt
    if name == "json":  # SPARQLWrapper sends format=json whatever the query
        return next((f for f in formats if f.name == "jsonld"), None)
    if name == "xml":
        return next((f for f in formats if f.name == "rdfxml"), None)
    for fmt in formats:
        if name in fmt.accepts:
            return fmt
    return None


def negotiate(
    formats: tuple[Format, ...], accept: str | None, wanted: str | None = None, what: str = "results"
) -> Format:
    """Pick the format for a response: ``wanted`` (a ``format`` parameter) if given, else the ``Accept`` header.

    >>> negotiate(RESULTS, "application/sparql-results+xml").name
    'xml'
    >>> negotiate(GRAPHS, "*/*").name
    'turtle'
    >>> negotiate(RESULTS, "text/html,application/xhtml+xml,*/*;q=0.8").name
    'html'

    Raises:
        NotAcceptable: nothing fits; the message names the media types that would.
    """
    offered = ", ".join(f.media_type for f in reversed(formats))
    if wanted:
        fmt = _by_name(formats, wanted)
        if fmt is None:
            names = ", ".join(f.name for f in reversed(formats))
            raise NotAcceptable(f"format '{wanted}' is not available for {what}; use one of {names}")
        return fmt
    if not accept or not accept.strip():
        return formats[-1]
    supported = [media for fmt in formats for media in fmt.accepts[::-1]]
    try:
        best = mimeparse.best_match(supported, accept)
    except (ValueError, IndexError) as err:
        raise NotAcceptable(f"cannot read the Accept header '{accept}'; {what} are available as {offered}") from err
    if not best:
        raise NotAcceptable(f"no format in the Accept header '{accept}' is available for {what}; use one of {offered}")
    # An alias shared by two formats (application/json, application/xml) goes to the preferred one.
    return next(f for f in reversed(formats) if best in f.accepts)
