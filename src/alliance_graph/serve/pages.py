"""HTML of the HTTP endpoint: the start page, the list of named questions and result tables, and the cells and
template rendering that entity pages (:mod:`alliance_graph.serve.resource`) share. Jinja2 templates
(``templates/*.html``) escape all data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape

from alliance_graph import iris
from alliance_graph.queries.catalogue import NamedQuery
from alliance_graph.serve.served import ServedGraph

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_XSD = "http://www.w3.org/2001/XMLSchema#"
_PRECISION = {iris.DEF + "year": 4, iris.DEF + "month": 7}

#: At most this many rows of a SELECT result are shown as an HTML table.
HTML_ROWS = 1000


@dataclass(frozen=True)
class Cell:
    """One RDF term as shown: text, a link (local for our IRIs, else http(s) only), a tooltip and a note."""

    text: str
    href: str | None = None
    title: str | None = None
    note: str | None = None


def local_path(iri: str) -> str | None:
    """The path on this server of an IRI under the project's base, else None.

    >>> local_path("https://w3id.org/alliance-graph/id/state/belgium"), local_path("https://schema.org/Person")
    ('/id/state/belgium', None)
    """
    if iri.startswith(iris.BASE):
        return "/" + iri[len(iris.BASE) :]
    return None


def safe_href(url: str) -> str | None:
    """``url`` if it is an http(s) URL (never ``javascript:`` or other schemes), else None.

    >>> safe_href("https://example.org/a"), safe_href("javascript:alert(1)")
    ('https://example.org/a', None)
    """
    return url if urlsplit(url).scheme in ("http", "https") else None


def cell(term: Term | None, label: str | None = None, precision: str | None = None) -> Cell:
    """How ``term`` is shown: an IRI by its label or CURIE and linked; a literal by its value and type or language.

    ``precision`` (``ag:year``, ``ag:month``) shortens a date to the part that is known.

    >>> cell(ox.NamedNode("https://w3id.org/alliance-graph/id/state/belgium"), "Belgium")
    Cell(text='Belgium', href='/id/state/belgium', title='https://w3id.org/alliance-graph/id/state/belgium', note=None)
    >>> cell(ox.Literal("1949-01-01", datatype=ox.NamedNode(_XSD + "date")), precision=iris.DEF + "year").text
    '1949'
    """
    if term is None:
        return Cell("")
    if isinstance(term, ox.NamedNode):
        return Cell(label or iris.compact(term.value), local_path(term.value) or safe_href(term.value), term.value)
    if isinstance(term, ox.BlankNode):
        return Cell(f"_:{term.value}")
    if isinstance(term, ox.Triple):
        return Cell(str(term))
    if term.language:
        return Cell(term.value, note=term.language)
    datatype = term.datatype.value
    if datatype == _XSD + "anyURI":
        return Cell(term.value, safe_href(term.value), None)
    if datatype == _XSD + "date" and precision in _PRECISION:
        known = _PRECISION[precision]
        return Cell(term.value[:known], title=term.value, note="year" if known == 4 else "month")
    if datatype in (_XSD + "string", _XSD + "date"):
        return Cell(term.value)
    return Cell(term.value, title=iris.compact(datatype))  # the type on hover, not beside the value


def prop_cell(term: Term | None, label: str | None) -> Cell:
    """A property shown by its English label, else its name in words (``schema:startDate`` -> "start date").

    >>> prop_cell(ox.NamedNode("https://schema.org/startDate"), None).text
    'start date'
    """
    if label or not isinstance(term, ox.NamedNode):
        return cell(term, label)
    local = term.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower()
    return cell(term, words or None)


@cache
def environment() -> Environment:
    """The Jinja2 environment over ``templates/``, escaping every value put into HTML."""
    return Environment(
        loader=PackageLoader("alliance_graph.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> bytes:
    """Render ``templates/<template>`` with ``context`` to UTF-8 bytes."""
    return environment().get_template(template).render(**context).encode("utf-8")


def _query_view(named: NamedQuery) -> dict[str, Any]:
    example: dict[str, str] = {}
    words = named.example.split()
    if words[:3] == ["alliance-graph", "query", named.name]:
        example = dict(w.split("=", 1) for w in words[3:] if "=" in w)
    params = [
        {
            "name": p.name,
            "type": p.type,
            "required": p.required,
            "default": p.default,
            "example": example.get(p.name, p.default or ""),
        }
        for p in named.parameters
    ]
    return {"name": named.name, "question": named.question, "returns": named.returns, "parameters": params}


def queries_json(queries: dict[str, NamedQuery]) -> list[dict[str, Any]]:
    """The named questions as plain data for ``GET /queries`` (name, question, parameters, example, url)."""
    out = []
    for named in queries.values():
        out.append(
            {
                "name": named.name,
                "question": named.question,
                "parameters": [
                    {"name": p.name, "type": p.type, "required": p.required, "default": p.default}
                    for p in named.parameters
                ],
                "returns": named.returns,
                "example": named.example,
                "url": f"/queries/{named.name}",
            }
        )
    return out


def start_page(queries: dict[str, NamedQuery], settings: dict[str, Any], served: ServedGraph | None = None) -> bytes:
    """The start page: which graph is served, a SPARQL form, the named questions with their parameters, and where
    to begin browsing."""
    examples = ["/id/state/belgium", "/id/organization/nato", "/def/Operation", "/def/"]
    prefixes = "".join(
        f"PREFIX {p}: <{ns}>\n"
        for p, ns in iris.PREFIXES.items()
        if p in ("ag", "org", "rdfs", "schema", "state", "organization")
    )
    sample = (
        prefixes + "\nSELECT ?org ?orgLabel ?start WHERE {\n  ?m a org:Membership ; org:member state:belgium ;\n"
        "     org:organization ?org ; schema:startDate ?start .\n"
        '  ?org rdfs:label ?orgLabel FILTER (lang(?orgLabel) = "en")\n}\nORDER BY ?start\n'
    )
    return render(
        "index.html",
        title="alliance-graph SPARQL endpoint",
        queries=[_query_view(q) for q in queries.values()],
        examples=examples,
        sample=sample,
        prefixes=list(iris.PREFIXES.items()),
        settings=settings,
        summary=served.summary() if served else "the curated graph",
        imports=[{"name": i.name, "graph": i.graph, "title": i.title, "version": i.version,
                  "href": local_path(i.dataset), "curie": i.curie} for i in (served.imports if served else ())],
    )  # fmt: skip


def queries_page(queries: dict[str, NamedQuery]) -> bytes:
    """``GET /queries`` for a browser: every named question with a form for its parameters."""
    return render("queries.html", title="Named questions", queries=[_query_view(q) for q in queries.values()])


# --- linked-data pages -------------------------------------------------------------------------------------
