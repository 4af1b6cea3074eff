"""The linked-data page of every IRI under the project's base: labels, types, statements, the facts about it
grouped by kind with their dates and sources, and the links pointing at it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.serve.pages import (
    _XSD,
    Cell,
    cell,
    local_path,
    prop_cell,
    render,
    safe_href,
)

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
_DESCRIPTIONS = (
    "https://schema.org/description",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2000/01/rdf-schema#comment",
)
_SOURCE = "http://www.w3.org/ns/prov#wasDerivedFrom"
_TITLES = ("http://purl.org/dc/terms/title", "https://schema.org/name")
#: At most this many rows per query feed one page; more are counted, not shown.
PAGE_ROWS = 5000

_EN = 'FILTER (LANGMATCHES(LANG({v}), "en"))'
_FACT = "{ ?x a/rdfs:subClassOf* ag:Fact } UNION { ?x a org:Membership } UNION { ?x a/rdfs:subClassOf* ag:Event }"

OUTGOING = f"""
SELECT DISTINCT ?s ?p ?o ?pLabel ?oLabel ?derived WHERE {{
  ?s ?p ?o .
  OPTIONAL {{ ?p rdfs:label ?pLabel {_EN.format(v="?pLabel")} }}
  OPTIONAL {{ ?o rdfs:label ?oLabel {_EN.format(v="?oLabel")} }}
  BIND (EXISTS {{ GRAPH <{iris.DERIVED_GRAPH}> {{ ?s ?p ?o }} }} AS ?derived)
}}
LIMIT {PAGE_ROWS}
"""

INCOMING = f"""
SELECT DISTINCT ?s ?x ?p ?pLabel ?xLabel ?kind ?kindLabel ?fact ?derived WHERE {{
  ?x ?p ?s .
  OPTIONAL {{ ?p rdfs:label ?pLabel {_EN.format(v="?pLabel")} }}
  OPTIONAL {{ ?x rdfs:label ?xLabel {_EN.format(v="?xLabel")} }}
  OPTIONAL {{ ?x a ?kind . OPTIONAL {{ ?kind rdfs:label ?kindLabel {_EN.format(v="?kindLabel")} }} }}
  BIND (EXISTS {{ {_FACT} }} AS ?fact)
  BIND (EXISTS {{ GRAPH <{iris.DERIVED_GRAPH}> {{ ?x ?p ?s }} }} AS ?derived)
}}
LIMIT {PAGE_ROWS}
"""

FACT_DETAILS = f"""
SELECT DISTINCT ?s ?x ?q ?qLabel ?v ?vLabel WHERE {{
  ?x ?p ?s .
  {_FACT}
  ?x ?q ?v .
  FILTER (?v != ?s && ?q NOT IN (rdf:type, rdfs:label, skos:altLabel, skos:editorialNote, prov:wasDerivedFrom,
                                  schema:description, dcterms:subject))
  OPTIONAL {{ ?q rdfs:label ?qLabel {_EN.format(v="?qLabel")} }}
  OPTIONAL {{ ?v rdfs:label ?vLabel {_EN.format(v="?vLabel")} }}
}}
LIMIT {PAGE_ROWS}
"""

#: The thing's own sources and its facts'. ``?s`` is bound by substitution, which pyoxigraph applies to triple
#: patterns, not to expressions: a bare ``BIND (?s AS ?node)`` would leave ``?node`` free and match every node.
SOURCES = f"""
SELECT DISTINCT ?s ?node ?source ?title ?url WHERE {{
  {{ ?s prov:wasDerivedFrom ?source . BIND (?s AS ?node) }}
  UNION {{ ?node ?p ?s . {_FACT.replace("?x", "?node")} ?node prov:wasDerivedFrom ?source . }}
  OPTIONAL {{ ?source dcterms:title ?title }}
  OPTIONAL {{ ?source schema:url ?url }}
}}
LIMIT {PAGE_ROWS}
"""

DESCRIBE = """
CONSTRUCT { ?s ?p ?o . ?x ?q ?s } WHERE { { ?s ?p ?o } UNION { ?x ?q ?s } }
"""


@dataclass
class _Fact:
    node: Cell
    roles: list[Cell] = field(default_factory=list)
    details: list[tuple[Cell, Cell]] = field(default_factory=list)
    dates: list[tuple[int, str, Cell, Cell]] = field(default_factory=list)
    sources: list[Cell] = field(default_factory=list)
    derived: bool = False


def _select(store: ox.Store, query: str, iri: str) -> list[ox.QuerySolution]:
    results = store.query(
        query,
        use_default_graph_as_union=True,
        prefixes=dict(iris.PREFIXES),
        substitutions={ox.Variable("s"): ox.NamedNode(iri)},
    )
    assert isinstance(results, ox.QuerySolutions)
    return list(results)


def _value(solution: ox.QuerySolution, name: str) -> str | None:
    term = solution[name]
    return None if term is None else term.value


def _precision_of(prop: str) -> str:
    """The precision property that qualifies a date property: startDate -> startPrecision, issued -> issuedPrecision."""
    local = prop.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return iris.DEF + local.removesuffix("Date") + "Precision"


def _kind_order(kind: str) -> tuple[int, str]:
    # the project's own and ORG classes describe a node best; prov:Entity and other generic types come last
    if kind.startswith(iris.BASE) or kind.startswith("http://www.w3.org/ns/org#"):
        return (0, kind)
    if kind.startswith("https://schema.org/"):
        return (1, kind)
    return (2, kind)


def describe(store: ox.Store, iri: str) -> list[ox.Triple]:
    """The triples about ``iri``: those it is the subject of and those pointing at it (no duplicates)."""
    results = store.query(
        DESCRIBE, use_default_graph_as_union=True, substitutions={ox.Variable("s"): ox.NamedNode(iri)}
    )
    assert isinstance(results, ox.QueryTriples)
    return list(dict.fromkeys(results))


def resource_page(store: ox.Store, iri: str) -> bytes | None:
    """The HTML page of ``iri``: labels, types, statements, facts about it grouped by kind with their dates and
    sources, and other links to it. None if the graph says nothing about ``iri``.
    """
    outgoing = _select(store, OUTGOING, iri)
    incoming = _select(store, INCOMING, iri)
    if not outgoing and not incoming:
        return None
    labels: list[Cell] = []
    alt_labels: list[Cell] = []
    descriptions: list[Cell] = []
    types: list[Cell] = []
    precisions = {_value(s, "p"): _value(s, "o") for s in outgoing if (_value(s, "p") or "").endswith("Precision")}
    statements: dict[str, tuple[Cell, list[Cell]]] = {}
    shortcuts: dict[str, tuple[Cell, list[Cell]]] = {}
    english = None
    for sol in outgoing:
        p, o = _value(sol, "p") or "", sol["o"]
        if p == _RDFS_LABEL:
            labels.append(cell(o))
            if isinstance(o, ox.Literal) and o.language == "en":
                english = o.value
            continue
        if p == _ALT_LABEL:
            alt_labels.append(cell(o))
            continue
        if p in _DESCRIPTIONS:
            descriptions.append(cell(o))
            continue
        if p == _RDF_TYPE:
            types.append(cell(o, _value(sol, "oLabel")))
            continue
        if p == _SOURCE:
            continue  # shown with the sources below
        target = shortcuts if _value(sol, "derived") == "true" else statements
        prop = target.setdefault(p, (prop_cell(sol["p"], _value(sol, "pLabel")), []))
        prop[1].append(cell(o, _value(sol, "oLabel"), precisions.get(_precision_of(p))))
    for _, values in [*statements.values(), *shortcuts.values()]:
        values.sort(key=lambda v: v.text.lower())

    # facts (n-ary nodes pointing here) grouped by kind; other links grouped by property
    kinds: dict[str, dict[str, list[ox.QuerySolution]]] = defaultdict(lambda: defaultdict(list))
    kind_labels: dict[str, str | None] = {}
    links: dict[str, tuple[Cell, dict[str, tuple[Cell, bool]]]] = {}
    for sol in incoming:
        x = _value(sol, "x") or ""
        kind = _value(sol, "kind") or ""
        kinds[x][kind].append(sol)
        kind_labels.setdefault(kind, _value(sol, "kindLabel"))
    facts: dict[str, _Fact] = {}
    fact_kind: dict[str, str] = {}
    for x, by_kind in kinds.items():
        kind = min(by_kind, key=_kind_order)
        sols = by_kind[kind]
        first = sols[0]
        if _value(first, "fact") == "true":
            fact = facts.setdefault(x, _Fact(cell(first["x"], _value(first, "xLabel"))))
            fact_kind[x] = kind
            for sol in sols:
                role = prop_cell(sol["p"], _value(sol, "pLabel"))
                if role not in fact.roles:
                    fact.roles.append(role)
                fact.derived = fact.derived or _value(sol, "derived") == "true"
        else:
            for sol in sols:
                p = _value(sol, "p") or ""
                group = links.setdefault(p, (prop_cell(sol["p"], _value(sol, "pLabel")), {}))
                group[1].setdefault(x, (cell(sol["x"], _value(sol, "xLabel")), _value(sol, "derived") == "true"))

    details = _select(store, FACT_DETAILS, iri) if facts else []
    fact_precisions: dict[tuple[str, str], str | None] = {}
    for sol in details:
        q = _value(sol, "q") or ""
        if q.endswith("Precision"):
            fact_precisions[(_value(sol, "x") or "", q)] = _value(sol, "v")
    for sol in details:
        x, q = _value(sol, "x") or "", _value(sol, "q") or ""
        if x not in facts or q.endswith("Precision"):
            continue
        precision = fact_precisions.get((x, _precision_of(q)))
        shown = (prop_cell(sol["q"], _value(sol, "qLabel")), cell(sol["v"], _value(sol, "vLabel"), precision))
        value = sol["v"]
        if isinstance(value, ox.Literal) and value.datatype.value == _XSD + "date":
            rank = 0 if "start" in q.lower() else 2 if "end" in q.lower() else 1
            facts[x].dates.append((rank, value.value, *shown))
        else:
            facts[x].details.append(shown)

    own_sources: list[tuple[Cell, Cell]] = []
    for sol in _select(store, SOURCES, iri):
        node = _value(sol, "node") or ""
        url = _value(sol, "url")
        title = _value(sol, "title") or iris.compact(_value(sol, "source") or "")
        source = Cell(title, local_path(_value(sol, "source") or ""), url, None)
        if node == iri:
            shown = (source, Cell(url or "", safe_href(url) if url else None))
            if shown not in own_sources:
                own_sources.append(shown)
        elif node in facts and source not in facts[node].sources:
            facts[node].sources.append(source)

    groups = []
    for kind in sorted({fact_kind[x] for x in facts}, key=lambda k: (kind_labels.get(k) or iris.compact(k)).lower()):
        members = [facts[x] for x in facts if fact_kind[x] == kind]
        for fact in members:
            fact.dates.sort(key=lambda d: (d[0], d[1]))
            fact.details.sort(key=lambda d: (d[0].text.lower(), d[1].text.lower()))
        members.sort(key=lambda f: (f.dates[0][1] if f.dates else "9999", f.node.text.lower()))
        groups.append(
            {"kind": cell(ox.NamedNode(kind), kind_labels.get(kind)) if kind else Cell("(untyped)"), "facts": members}
        )
    link_groups = [
        {"property": prop, "nodes": sorted(nodes.values(), key=lambda n: n[0].text.lower())}
        for prop, nodes in sorted(links.values(), key=lambda g: g[0].text.lower())
    ]
    titles = [sol["o"] for sol in outgoing if _value(sol, "p") in _TITLES and isinstance(sol["o"], ox.Literal)]
    heading = english or (labels[0].text if labels else titles[0].value if titles else iris.compact(iri))
    return render(
        "resource.html",
        title=heading,
        iri=iri,
        curie=iris.compact(iri),
        labels=labels,
        alt_labels=alt_labels,
        descriptions=descriptions,
        types=types,
        sources=own_sources,
        statements=sorted(statements.values(), key=lambda s: s[0].text.lower()),
        shortcuts=sorted(shortcuts.values(), key=lambda s: s[0].text.lower()),
        groups=groups,
        links=link_groups,
        truncated=len(outgoing) >= PAGE_ROWS or len(incoming) >= PAGE_ROWS,
    )
