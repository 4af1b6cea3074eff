"""Remote stores: publish the dataset over the SPARQL 1.1 Graph Store Protocol, query over the SPARQL 1.1 Protocol.

``publish`` PUTs each named graph to a Graph Store Protocol URL (``http://localhost:7878/store`` on Oxigraph
server), replacing what the store held under that name. ``remote_query`` POSTs a query to a query endpoint
(``http://localhost:7878/query``) and parses the answer with pyoxigraph's result and RDF parsers.

Parameters stay bound: they travel as a ``VALUES`` block, its terms written by pyoxigraph, put at the start of
each group of the query's WHERE clause, so every FILTER (in UNION branches and OPTIONALs too) sees them, as
with pyoxigraph's ``substitutions`` on the embedded store, an initial binding for the whole top-level query
(SPARQL SEP-0007). The user's text is never edited otherwise.

The store must answer queries over the union of the named graphs as its default graph (Oxigraph server:
``--union-default-graph``), as the embedded store does.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.errors import EndpointError, QueryError

log = logging.getLogger(__name__)

#: Seconds to wait for one HTTP request before giving up.
TIMEOUT = 120.0

#: What ``remote_query`` accepts back: SPARQL results for SELECT/ASK, RDF for CONSTRUCT/DESCRIBE.
ACCEPT = ", ".join(
    (
        "application/sparql-results+json",
        "application/sparql-results+xml;q=0.9",
        "text/tab-separated-values;q=0.8",
        "application/n-triples",
        "text/turtle;q=0.9",
        "application/rdf+xml;q=0.8",
    )
)

RemoteResult = ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]

# SPARQL 1.1 terminals (https://www.w3.org/TR/sparql11-query/#terminals) that may hide a brace, a parenthesis
# or a '#': comments, the four string forms and IRIREF. Everything else is read one token at a time.
_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                | '''(?:[^'\\]|\\.|'(?!''))*'''
                | "(?:[^"\\\r\n]|\\.)*"
                | '(?:[^'\\\r\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<name>(?:[A-Za-z][\w.-]*)?:(?:[\w.:%-]|\\[^\s])*|[A-Za-z_]\w*)
    | (?P<punct>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


@dataclass
class PublishResult:
    """What ``publish`` sent: triples per graph IRI (``""`` for the default graph), and where."""

    endpoint: str
    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        """Triples sent in all."""
        return sum(self.graphs.values())


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, end offset) of each significant token; spaces and comments are dropped.

    >>> [t[1] for t in _tokens('ASK { ?s ?p "}#" } # }')]
    ['ASK', '{', '?s', '?p', '"}#"', '}']
    """
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        assert match is not None and match.lastgroup is not None  # ``punct`` matches any non-space
        pos = match.end()
        if match.lastgroup not in ("space", "comment"):
            yield match.lastgroup, match.group(), pos


@dataclass(frozen=True)
class Group:
    """A group graph pattern of a WHERE clause: the offset just after its ``{`` and the variables it names."""

    start: int
    variables: frozenset[str]
    outermost: bool


def where_groups(query: str) -> list[Group]:
    """Every group graph pattern of the query's WHERE clause, outermost first.

    These are where :func:`bind_values` puts the bindings. Left out: the prologue and the projection (whose
    expressions may hold ``EXISTS { }``), a CONSTRUCT template, ``VALUES`` data blocks, and sub-SELECTs (their
    variables are their own); braces in comments, strings and IRIs do not count.

    >>> q = 'CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } VALUES ?s { <x:a> } }'
    >>> [(q[g.start:g.start + 9], sorted(g.variables)) for g in where_groups(q)]
    [(' ?s ?p ?o', ['o', 'p', 'q', 'r', 's']), (' ?o ?q ?r', ['o', 'q', 'r'])]

    Raises:
        QueryError: the text has no query form or no WHERE group, or is a ``CONSTRUCT WHERE { }`` short form
            (its group is also its template, which cannot hold ``VALUES``).
    """
    tokens = list(_tokens(query))
    form: str | None = None
    template_seen = where_seen = False
    values_pending = False
    parens = 0
    stack: list[tuple[str, int]] = []  # each open brace: its role (where, group, template, data, skip), start
    variables: dict[int, set[str]] = {}  # start of each where/group -> variables named inside it
    previous = ""
    for index, (kind, token, end) in enumerate(tokens):
        upper = token.upper() if kind == "name" else token
        if kind == "var":
            for _, start in stack:
                if start in variables:
                    variables[start].add(token[1:])
        elif kind == "name" and form is None and upper in _FORMS:
            form = upper
        elif kind == "name" and upper == "VALUES":
            values_pending = True
        elif kind == "punct" and token == "(":
            parens += 1
        elif kind == "punct" and token == ")":
            parens -= 1
        elif kind == "punct" and token == "{":
            parent = stack[-1][0] if stack else None
            following = tokens[index + 1][1].upper() if index + 1 < len(tokens) else ""
            if values_pending:
                role, values_pending = "data", False
            elif parent is None and form == "CONSTRUCT" and previous.upper() == "CONSTRUCT":
                role, template_seen = "template", True
            elif parent is None and form is not None and parens == 0 and not where_seen:
                if form == "CONSTRUCT" and not template_seen:
                    raise QueryError(
                        "cannot bind parameters in a CONSTRUCT WHERE { } short form; "
                        "write CONSTRUCT { template } WHERE { pattern }"
                    )
                role, where_seen = ("skip" if following == "SELECT" else "where"), True
            elif parent in ("where", "group"):
                role = "skip" if following == "SELECT" else "group"
            else:
                role = "skip"
            if role in ("where", "group"):
                variables[end] = set()
            stack.append((role, end))
        elif kind == "punct" and token == "}" and stack:
            stack.pop()
        previous = token
    if not variables:
        raise QueryError(
            "cannot bind parameters: the query has no WHERE { } group of patterns to put them in "
            "(a WHERE group that is only a sub-SELECT must be wrapped in { })"
        )
    first = min(variables)
    return [Group(start, frozenset(names), start == first) for start, names in sorted(variables.items())]


def bind_values(query: str, bindings: Mapping[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    """The query with ``bindings`` as ``VALUES`` blocks: at the start of its outermost WHERE group, and of each
    group inside it that names a bound variable.

    So every FILTER (in UNION branches and OPTIONALs too) sees the values, as with pyoxigraph's
    ``substitutions`` on the embedded store, an initial binding for the whole top-level query. Terms are
    written by pyoxigraph (N-Triples syntax, escaped), so a value can never change the query.

    >>> xsd_date = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    >>> bind_values("SELECT ?d WHERE { }", {ox.Variable("d"): ox.Literal('1960-01-01', datatype=xsd_date)})
    'SELECT ?d WHERE { VALUES (?d) { ("1960-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) } }'

    Raises:
        QueryError: the query has no group to put the bindings in.
    """
    if not bindings:
        return query
    out = query
    for group in reversed(where_groups(query)):
        bound = {v: t for v, t in bindings.items() if group.outermost or v.value in group.variables}
        if bound:
            names = " ".join(str(variable) for variable in bound)
            terms = " ".join(str(term) for term in bound.values())
            out = f"{out[: group.start]} VALUES ({names}) {{ ({terms}) }}{out[group.start :]}"
    return out


def undeclared_prefixes(query: str) -> list[str]:
    """Prefixes the query uses in prefixed names (``ag:Agreement``) without declaring them, in order of use.

    >>> undeclared_prefixes('PREFIX ag: <https://x/> ASK { ?s a ag:Agreement ; org:member "a:b" }')
    ['org']
    """
    declared: set[str] = set()
    used: list[str] = []
    previous = ""
    for kind, token, _ in _tokens(query):
        if kind == "name" and ":" in token:
            prefix = token.split(":", 1)[0]
            if previous.upper() == "PREFIX":
                declared.add(prefix)
            elif prefix not in used:
                used.append(prefix)
        previous = token
    return [p for p in used if p not in declared]


def with_prefixes(query: str) -> str:
    """The query with ``PREFIX`` declarations for the package prefixes it uses without declaring (the
    embedded store knows them; a remote one does not), put on its first line so that line numbers in the
    store's error messages still match the user's text.

    >>> with_prefixes("ASK { ?s a ag:Agreement }")
    'PREFIX ag: <https://w3id.org/alliance-graph/def/> ASK { ?s a ag:Agreement }'
    """
    missing = [p for p in undeclared_prefixes(query) if p in iris.PREFIXES]
    return "".join(f"PREFIX {p}: <{iris.PREFIXES[p]}> " for p in missing) + query


def check_url(url: str) -> None:
    """Refuse anything but an http(s) URL with a host (urllib would also open file: URLs).

    Raises:
        EndpointError: naming the URL.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"endpoint must be an http:// or https:// URL, got '{url}'")


def _server_message(body: bytes) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    return text[:500] + (" ..." if len(text) > 500 else "")


def _request(
    method: str,
    url: str,
    *,
    data: bytes | None,
    headers: dict[str, str],
    what: str,
    endpoint: str,
    hint: str = "",
    timeout: float,
) -> tuple[bytes, str]:
    """Send one request; return the body and its media type (without parameters).

    Messages name ``endpoint`` (the URL the user gave), start with ``what`` and end with ``hint`` on 404/405/415.

    Raises:
        EndpointError: the host cannot be reached, or it answered with an HTTP error (its message included).
    """
    check_url(url)
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as err:
        detail = _server_message(err.read())
        advice = f" ({hint})" if hint and err.code in (404, 405, 415) else ""
        raise EndpointError(
            f"{what}: {endpoint} answered HTTP {err.code} {err.reason}" + (f": {detail}" if detail else "") + advice
        ) from err
    except urllib.error.URLError as err:
        reason = getattr(err.reason, "strerror", None) or err.reason
        raise EndpointError(f"{what}: cannot reach {endpoint} ({reason}); is the store running?") from err
    except (TimeoutError, OSError) as err:
        reason = "no answer in time" if isinstance(err, TimeoutError) else err
        raise EndpointError(f"{what}: cannot reach {endpoint} ({reason}); is the store running?") from err


def remote_query(
    endpoint: str,
    query: str,
    bindings: Mapping[ox.Variable, ox.NamedNode | ox.Literal],
    *,
    name: str = "<sparql>",
    timeout: float = TIMEOUT,
) -> RemoteResult:
    """Run ``query`` on a SPARQL 1.1 Protocol endpoint with ``bindings`` bound (see :func:`bind_values`).

    Args:
        endpoint: the query URL, e.g. ``http://localhost:7878/query`` (Oxigraph server).
        query: SPARQL text; prefixes of :data:`iris.PREFIXES` it does not declare are added.
        bindings: variable -> term, as :func:`queries.bind` returns them.
        name: the query's name, for messages.
        timeout: seconds to wait for the answer.

    Returns:
        ``QuerySolutions`` for SELECT, ``QueryBoolean`` for ASK, a list of triples for CONSTRUCT/DESCRIBE.

    Raises:
        EndpointError: the endpoint cannot be reached, rejects the query (its message is kept) or answers
            in a format that is neither SPARQL results nor RDF.
        QueryError: the query has no group to bind parameters in.
    """
    text = with_prefixes(bind_values(query, bindings))
    data = urllib.parse.urlencode({"query": text}).encode("utf-8")
    headers = {"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"}
    log.debug("POST %s: %s", endpoint, name)
    body, media_type = _request(
        "POST",
        endpoint,
        data=data,
        headers=headers,
        what=f"query '{name}'",
        endpoint=endpoint,
        hint="is this the store's SPARQL query URL? Oxigraph: /query, Fuseki: /DATASET/query",
        timeout=timeout,
    )
    try:
        results_format = ox.QueryResultsFormat.from_media_type(media_type)
        if results_format is not None:
            return ox.parse_query_results(body, results_format)
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        if rdf_format is not None:
            return [quad.triple for quad in ox.parse(body, rdf_format)]
    except SyntaxError as err:
        raise EndpointError(f"query '{name}': {endpoint} sent unreadable {media_type}: {err}") from err
    raise EndpointError(f"query '{name}': {endpoint} answered {media_type}, neither SPARQL results nor RDF")


def graph_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of one graph: ``?graph=<IRI>``, or ``?default`` for the default graph.

    >>> graph_url("http://localhost:7878/store", "https://w3id.org/alliance-graph/graph/data/states.ttl")
    'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Falliance-graph%2Fgraph%2Fdata%2Fstates.ttl'
    """
    parts = urllib.parse.urlsplit(endpoint)
    extra = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit(parts._replace(query=query))


def publish(store: ox.Store, endpoint: str, *, timeout: float = TIMEOUT) -> PublishResult:
    """PUT every graph of ``store`` to a SPARQL 1.1 Graph Store Protocol endpoint, replacing what it held.

    Graphs are sent one request each, as N-Triples serialized by the store itself, in name order. Graphs the
    store holds under other names are left as they are.

    Args:
        store: the built store (``alliance_graph.open().store``).
        endpoint: the Graph Store Protocol URL, e.g. ``http://localhost:7878/store`` (Oxigraph server).
        timeout: seconds to wait for each request.

    Returns:
        The triple count sent per graph.

    Raises:
        EndpointError: the URL is not http(s), the host cannot be reached, or it refused a graph.
    """
    check_url(endpoint)
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    has_default = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    result = PublishResult(endpoint)
    for name in ([""] if has_default else []) + names:
        graph: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(name) if name else ox.DefaultGraph()
        body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)  # serialized by Oxigraph, not Python
        assert body is not None
        triples = body.count(b"\n")
        url = graph_url(endpoint, name or None)
        what = f"publishing graph <{name}>" if name else "publishing the default graph"
        _request(
            "PUT",
            url,
            data=body,
            headers={"Content-Type": "application/n-triples"},
            what=what,
            endpoint=endpoint,
            hint="is this the store's Graph Store Protocol URL? Oxigraph: /store, Fuseki: /DATASET/data",
            timeout=timeout,
        )
        log.info("PUT %s: %d triples", url, triples)
        result.graphs[name] = triples
    return result
