"""Rows -> networkx graphs: the nodes and edges a graph view draws, each with its dates and sources.

A view is a named query whose rows are edges (``queries/view-*.rq``), plus ``queries/view-nodes.rq``, which gives
every thing's label, kind, dates and sources. Edge rows have these columns (all but ``from``, ``to`` and ``kind``
may be empty):

``from`` ``to``
    the IRIs the edge joins
``fromGroup`` ``toGroup``
    the group each end is coloured by (``state``, ``organization``, a framework such as ``United Nations``...)
``kind`` ``label``
    what the edge says (``member of``) and its caption (``founding member``); the caption defaults to the kind
``fact``
    the fact node the edge stands for (``membership:belgium--nato--1949``)
``start`` ``startPrecision`` ``end`` ``endPrecision``
    the fact's dates and their precision (``ag:year``, ``ag:month``)
``notes``
    further lines for the tooltip, separated by `` | `` (role, personnel, shares)
``sources``
    the sources, as space-separated IRIs

The graph is a :class:`networkx.MultiDiGraph` keyed by CURIEs (``organization:nato``), with one edge per row.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from alliance_graph import iris
from alliance_graph.errors import QueryError
from alliance_graph.queries.catalogue import bind
from alliance_graph.queries.rows import Value
from alliance_graph.views.labels import names_from_rows

if TYPE_CHECKING:
    from alliance_graph.api import KnowledgeGraph

log = logging.getLogger(__name__)

#: The query that describes every node a view may draw, and every source it may cite.
NODES_QUERY = "view-nodes"
#: The query that gives every thing's names in en/nl/fr/de.
LABELS_QUERY = "view-labels"

_YEAR = iris.DEF + "year"
_MONTH = iris.DEF + "month"


@dataclass(frozen=True)
class Source:
    """A cited document: its CURIE, title, address and publisher."""

    id: str
    title: str = ""
    url: str = ""
    publisher: str = ""


@dataclass(frozen=True)
class ViewSpec:
    """A view: its name, the named query giving its edges, its title, and the parameters it adds to the query's.

    ``title`` may use ``{state}`` (the label of the ``state`` parameter), ``{date}`` and ``{depth}``. ``extra``
    lists parameters the view itself reads: ``(name, description)``. ``chart`` views are drawn by
    :mod:`alliance_graph.views.charts`, not as networks.
    """

    name: str
    query: str
    title: str
    description: str
    extra: tuple[tuple[str, str], ...] = ()
    chart: bool = False


#: The graph views, by name (``alliance-graph view NAME``).
VIEWS: dict[str, ViewSpec] = {
    spec.name: spec
    for spec in (
        ViewSpec(
            "alliances",
            "view-alliances",
            "{state}: organizations and agreements{date}",
            "A state's memberships of organizations and the agreements it is party to, with the other parties "
            "and the organizations those agreements set up; with date=, only what was in force that day.",
        ),
        ViewSpec(
            "missions",
            "view-missions",
            "{state}: missions and operations",
            "The missions and operations a state took part in, coloured by framework (UN, NATO, EU, ...), with "
            "the years of each participation and who conducted the operation.",
        ),
        ViewSpec(
            "industry",
            "view-industry",
            "Defence industry: programmes, companies and owners",
            "Procurement and cooperation programmes with their state and industrial partners, the companies "
            "that supply them, and who owns those companies.",
        ),
        ViewSpec(
            "ego",
            "partners-ranked-by-ties",
            "{state}: its partners to depth {depth}, by strength of ties",
            "A state's network of partner states, to depth N: each line weighted by how many agreements, "
            "memberships and missions the two share (partners-ranked-by-ties).",
            extra=(("depth", "integer 1-3, default 2"), ("top", "integer 1-50, default 12: partners kept per state")),
        ),
        ViewSpec(
            "world",
            "view-world",
            "States and the alliances that bound them{date}",
            "Every state party, on a date, to an agreement with an obligation (defence, consultation, ...): with "
            "--with atop,cow the whole world's alliances from ATOP and COW beside the curated ones; without, the "
            "curated graph.",
        ),
        ViewSpec(
            "timeline",
            "view-timeline",
            "{state}: memberships, agreements and missions over time, and defence spending",
            "Bars over time for a state's memberships, agreements and missions, above its defence spending as a "
            "share of GDP (preferred series, other estimates as points) against NATO's 2% guideline and its "
            "successive targets. Also as PNG or SVG (--format).",
            chart=True,
        ),
    )
}


def format_date(value: Value, precision: Value = None) -> str:
    """Show a date as precisely as it is known: ``1978`` for year precision, ``2006-10`` for month precision.

    >>> format_date(datetime.date(1978, 1, 1), "https://w3id.org/alliance-graph/def/year")
    '1978'
    >>> format_date(datetime.date(2006, 10, 1), "ag:month"), format_date(datetime.date(1949, 8, 24))
    ('2006-10', '1949-08-24')
    >>> format_date(None)
    ''
    """
    if value is None or value == "":
        return ""
    text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    full = iris.expand(str(precision)) if precision else None
    if full == _YEAR:
        return text[:4]
    if full == _MONTH:
        return text[:7]
    return text


def _curie(value: Value) -> str:
    return iris.compact(str(value))


def _text(value: Value) -> str:
    return "" if value is None else str(value)


def _sources(value: Value, catalogue: Mapping[str, Source]) -> tuple[Source, ...]:
    ids = sorted({_curie(part) for part in _text(value).split() if part})
    return tuple(catalogue.get(i, Source(i)) for i in ids)


def source_catalogue(nodes: Iterable[Mapping[str, Value]]) -> dict[str, Source]:
    """The sources among ``view-nodes`` rows, by CURIE, with their titles and addresses."""
    catalogue: dict[str, Source] = {}
    for row in nodes:
        if row.get("kind") == "source" and row.get("node"):
            curie = _curie(row["node"])
            catalogue[curie] = Source(
                curie, _text(row.get("label")), _text(row.get("url")), _text(row.get("publisher"))
            )
    return catalogue


def graph_from_rows(
    edges: Iterable[Mapping[str, Value]],
    nodes: Iterable[Mapping[str, Value]] = (),
    *,
    title: str = "",
    focus: str | None = None,
    labels: Iterable[Mapping[str, Value]] = (),
) -> nx.MultiDiGraph:
    """Build the graph of a view from its edge rows and the ``view-nodes`` rows.

    Only nodes that some edge touches are kept; a node missing from ``nodes`` gets its CURIE as label.

    Args:
        edges: rows with the columns described in this module's docstring.
        nodes: ``view-nodes`` rows (label, acronym, kind, dates, sources of each thing, and the sources' titles).
        title: stored as the graph's ``title``.
        focus: IRI or CURIE of the node the view is about (drawn larger).
        labels: ``view-labels`` rows (names in en/nl/fr/de and other names), for the language switch and search.

    Returns:
        A MultiDiGraph keyed by CURIEs. Node attributes: ``label`` (acronym or label), ``name``, ``kind``,
        ``group``, ``start``, ``end`` (formatted), ``sources`` (tuple of :class:`Source`), ``focus``,
        ``names`` (:class:`~alliance_graph.views.labels.Names`), ``framework``, ``obligations`` (tuple),
        ``description``, ``url``. Edge
        attributes: ``kind``, ``label``, ``fact``, ``start``, ``end``, ``notes`` (tuple), ``sources``.

    Raises:
        QueryError: an edge row lacks ``from``, ``to`` or ``kind``.

    >>> g = graph_from_rows([{"from": "state:belgium", "to": "organization:nato", "kind": "member of",
    ...                       "start": datetime.date(1949, 8, 24)}])
    >>> sorted(g.nodes), [d["start"] for _, _, d in g.edges(data=True)]
    (['organization:nato', 'state:belgium'], ['1949-08-24'])
    """
    node_rows = list(nodes)
    catalogue = source_catalogue(node_rows)
    info = {_curie(row["node"]): row for row in node_rows if row.get("node")}
    names = names_from_rows(labels)
    focus_id = _curie(iris.expand(focus) or focus) if focus else None
    graph = nx.MultiDiGraph(title=title, focus=focus_id)
    groups: dict[str, set[str]] = {}
    for number, row in enumerate(edges, start=1):
        missing = [c for c in ("from", "to", "kind") if not row.get(c)]
        if missing:
            raise QueryError(f"edge row {number} has no {', '.join(missing)}: a view query must return them")
        ends = (_curie(row["from"]), _curie(row["to"]))
        for end, column in zip(ends, ("fromGroup", "toGroup"), strict=True):
            groups.setdefault(end, set())
            if row.get(column):
                groups[end].add(_text(row[column]))
        kind = _text(row["kind"])
        fact = _curie(row["fact"]) if row.get("fact") else ""
        key = fact or f"{kind}:{ends[0]}->{ends[1]}"
        graph.add_edge(
            *ends,
            key=key,
            kind=kind,
            label=_text(row.get("label")) or kind,
            fact=fact,
            start=format_date(row.get("start"), row.get("startPrecision")),
            end=format_date(row.get("end"), row.get("endPrecision")),
            notes=tuple(sorted(n.strip() for n in _text(row.get("notes")).split(" | ") if n.strip())),
            sources=_sources(row.get("sources"), catalogue),
            weight=row.get("weight") or 1,
        )
    for node, found in groups.items():
        row = info.get(node, {})
        name = _text(row.get("label")) or node
        kind = _text(row.get("kind"))
        graph.add_node(
            node,
            label=_text(row.get("acronym")) or name,
            name=name,
            kind=kind,
            group=min(found) if found else kind or "other",
            start=format_date(row.get("start"), row.get("startPrecision")),
            end=format_date(row.get("end"), row.get("endPrecision")),
            sources=_sources(row.get("sources"), catalogue),
            focus=node == focus_id,
            names=names.get(node),
            framework=_text(row.get("framework")),
            obligations=tuple(sorted(o for o in _text(row.get("obligations")).split(" | ") if o)),
            description=_text(row.get("description")),
            url=_text(row.get("url")),
        )
    log.debug("graph %r: %d nodes, %d edges", title, graph.number_of_nodes(), graph.number_of_edges())
    return graph


def view_names() -> list[str]:
    """The names of the graph views, sorted."""
    return sorted(VIEWS)


def view_spec(name: str) -> ViewSpec:
    """The view called ``name``.

    Raises:
        QueryError: no such view (the message lists the views).
    """
    if name not in VIEWS:
        raise QueryError(f"unknown view '{name}'; views: {', '.join(view_names())}")
    return VIEWS[name]


def split_params(spec: ViewSpec, params: dict[str, object]) -> tuple[dict[str, object], dict[str, object]]:
    """Split a view's parameters into those of its query and those the view reads itself (``extra``)."""
    own = {name for name, _ in spec.extra}
    return ({k: v for k, v in params.items() if k not in own}, {k: v for k, v in params.items() if k in own})


def state_of(kg: KnowledgeGraph, spec: ViewSpec, params: dict[str, object], names: Mapping[str, str]) -> str | None:
    """The CURIE of the view's ``state`` parameter (or the query's default); ``None`` if it takes no state.

    Raises:
        QueryError: the state is not a state of the graph.
    """
    declared = {p.name: p for p in kg.named_queries()[spec.query].parameters}
    state: Any = params.get("state") or (declared["state"].default if "state" in declared else None)
    if not state:
        return None
    state_id = _curie(iris.expand(str(state)) or str(state))
    if state_id not in names:
        raise QueryError(f"parameter state: '{state}' is not a state of the graph (try state:belgium)")
    return state_id


def view_graph(kg: KnowledgeGraph, name: str, /, **params: object) -> nx.MultiDiGraph:
    """Ask the view's named queries (parameters bound, never pasted) and build its graph.

    >>> kg = alliance_graph.open()  # doctest: +SKIP
    >>> view_graph(kg, "alliances", date="1960-01-01").number_of_nodes()  # doctest: +SKIP

    Raises:
        QueryError: unknown view, unknown parameter, a value of the wrong type, a state the graph lacks, or a
        chart view (see :mod:`alliance_graph.views.charts`).
    """
    from alliance_graph.views import ego

    spec = view_spec(name)
    if spec.chart:
        raise QueryError(f"view '{name}' is a chart: draw it with alliance_graph.views.charts")
    query_params, extra = split_params(spec, params)
    if name == "ego":
        depth, top = ego.parse(extra.get("depth"), extra.get("top"))
        bind(kg.named_queries()[spec.query], query_params)  # fail on bad parameters before asking anything
    nodes = kg.ask(NODES_QUERY)
    states = {_curie(r["node"]): _text(r["label"]) for r in nodes if r.get("node") and r.get("kind") == "state"}
    state_id = state_of(kg, spec, query_params, states)
    if name == "ego":
        edges: Iterable[Mapping[str, Value]] = ego.ego_rows(kg, state_id or "state:belgium", depth, top)
    else:
        edges = kg.ask(spec.query, **query_params)
    date = params.get("date")
    title = spec.title.format(
        state=states.get(state_id, state_id) if state_id else "",
        date=f" on {date}" if date else "",
        depth=extra.get("depth") or 2,
    )
    return graph_from_rows(edges, nodes, title=title, focus=state_id, labels=kg.ask(LABELS_QUERY))
