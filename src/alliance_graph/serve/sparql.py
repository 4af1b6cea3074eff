"""What the endpoint must know about a query before it runs it: its SERVICE endpoints, whether it names its own
dataset (``FROM``), and whether text that is not a query is a SPARQL Update.

pyoxigraph offers no parser of its own, so rdflib's SPARQL parser answers; it is asked only when the text
mentions the word ``SERVICE`` anywhere (keywords cannot be escaped) or has ``FROM`` followed by what could be
a dataset clause, and its answers are cached.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from alliance_graph import iris

log = logging.getLogger(__name__)

#: FROM followed (past spaces and comments) by an IRI, a prefixed name or NAMED: a possible dataset clause.
#: ``prov:wasDerivedFrom`` and "from" in comments do not match, so most queries skip rdflib's parser.
_FROM = re.compile(r"\bfrom(?:\s|#[^\n]*)*(?:[<:]|named\b|[^\s<>{}#()]*:)", re.IGNORECASE)


@dataclass(frozen=True)
class Analysis:
    """SERVICE endpoints a query calls (IRIs, or ``?var`` for a variable endpoint) and whether it has FROM."""

    services: tuple[str, ...] = ()
    has_dataset: bool = False


class Unchecked(ValueError):
    """rdflib could not parse a query that mentions SERVICE, so its endpoints cannot be checked."""


def mentions_service(text: str) -> bool:
    """Whether the word SERVICE occurs anywhere in ``text`` (comments and strings included).

    >>> mentions_service("select * { service <http://x/> {} }"), mentions_service("SELECT * {}")
    (True, False)
    """
    return "service" in text.lower()


@lru_cache(maxsize=512)
def analyse(text: str) -> Analysis:
    """Find the SERVICE endpoints and dataset clauses of the SPARQL query ``text``.

    Prefixed names resolve with the query's own PREFIX lines and the project prefixes (``iris.PREFIXES``).

    >>> analyse("SELECT * FROM <http://g/> WHERE { SERVICE <http://h.example/sparql> { ?s ?p ?o } }")
    Analysis(services=('http://h.example/sparql',), has_dataset=True)
    >>> analyse("SELECT * WHERE { ?s prov:wasDerivedFrom ?o }")
    Analysis(services=(), has_dataset=False)

    Raises:
        Unchecked: the text mentions SERVICE and rdflib cannot parse it.
    """
    if not mentions_service(text) and not _FROM.search(text):
        return Analysis()
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
        has_dataset = "datasetClause" in parsed[1] and bool(parsed[1]["datasetClause"])
        algebra = translateQuery(parsed, initNs=dict(iris.PREFIXES)).algebra
    except Exception as err:  # pyparsing and rdflib raise several kinds; any means "not understood"
        if mentions_service(text):
            message = " ".join(str(err).split()) or type(err).__name__
            raise Unchecked(f"the query mentions SERVICE but its endpoints could not be checked: {message}") from err
        log.debug("rdflib could not parse a query that mentions FROM: %s", err)
        return Analysis()
    services: list[str] = []
    _collect_services(algebra, services)
    return Analysis(services=tuple(services), has_dataset=has_dataset)


def _collect_services(node: Any, out: list[str]) -> None:
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            # CompValue.get returns the key itself when it is missing, hence no .get here
            term = node["term"] if "term" in node else None  # noqa: SIM401
            out.append(f"?{term}" if isinstance(term, Variable) else str(term))
        for value in node.values():
            _collect_services(value, out)
    elif isinstance(node, list | tuple | set):
        for value in node:
            _collect_services(value, out)


def host_allowed(endpoint: str, allowed: tuple[str, ...]) -> bool:
    """Whether the SERVICE ``endpoint`` IRI is an http(s) URL on a host (or host:port) in ``allowed``.

    >>> host_allowed("http://127.0.0.1:7878/query", ("127.0.0.1",))
    True
    >>> host_allowed("https://query.wikidata.org/sparql", ("example.org",)), host_allowed("?x", ("example.org",))
    (False, False)
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    shown = f"[{host}]" if ":" in host else host
    for entry in allowed:
        entry = entry.strip().lower()
        if entry in (host, shown, f"{shown}:{port}"):
            return True
    return False


def refused_service(analysis: Analysis, allowed: tuple[str, ...]) -> str | None:
    """A message naming the first SERVICE endpoint not allowed, or None if every one is allowed.

    >>> refused_service(Analysis(services=("http://evil.example/sparql",)), ("127.0.0.1",))
    'SERVICE <http://evil.example/sparql> is not allowed: only hosts 127.0.0.1 may be called'
    """
    for endpoint in analysis.services:
        if host_allowed(endpoint, allowed):
            continue
        shown = endpoint if endpoint.startswith("?") else f"<{endpoint}>"
        if not allowed:
            return f"SERVICE {shown} is not allowed: federation is off on this server (see 'serve --allow-service')"
        if endpoint.startswith("?"):
            return f"SERVICE {shown} is not allowed: only fixed endpoints on {', '.join(allowed)} may be called"
        return f"SERVICE {shown} is not allowed: only hosts {', '.join(allowed)} may be called"
    return None


def is_update(text: str) -> bool:
    """Whether ``text`` parses as a SPARQL Update request (so a refusal can say so, not 'syntax error').

    >>> is_update("INSERT DATA { <urn:a> <urn:b> <urn:c> }"), is_update("SELECT * WHERE { ?s ?p ?o }")
    (True, False)
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # any parse failure means it is not an update
        return False
    return True
