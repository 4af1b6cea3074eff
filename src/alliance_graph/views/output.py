"""One entry point for every view: check its parameters, build it, name its file, render or write it.

The command line (``alliance-graph view``) and the server (``/views/{name}``) both go through here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alliance_graph import iris
from alliance_graph.errors import QueryError
from alliance_graph.queries.catalogue import bind, named_queries
from alliance_graph.views import ego, network, page, timeline

if TYPE_CHECKING:
    from alliance_graph.api import KnowledgeGraph


@dataclass(frozen=True)
class Written:
    """What a written view holds: its file, title, and the nodes and lines drawn (``None`` for a chart)."""

    path: Path
    title: str
    nodes: int | None = None
    edges: int | None = None


def check(name: str, params: dict[str, object], fmt: str = "html") -> network.ViewSpec:
    """Fail early, before anything is built, on an unknown view, parameter, value or format.

    Raises:
        QueryError: the message names the view, parameter or format and what is allowed.
    """
    spec = network.view_spec(name)
    query_params, extra = network.split_params(spec, params)
    bind(named_queries()[spec.query], query_params)
    if name == "ego":
        ego.parse(extra.get("depth"), extra.get("top"))
    allowed = timeline.FORMATS if spec.chart else ("html",)
    if fmt not in allowed:
        raise QueryError(f"view '{name}' is written as {', '.join(allowed)}, not '{fmt}'")
    return spec


def _slug(value: object) -> str:
    text = str(value)
    curie = iris.compact(iris.expand(text) or text)
    text = curie.split(":", 1)[1] if ":" in curie and not re.fullmatch(r"\d{4}-\d\d-\d\d", text) else text
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def file_name(name: str, params: dict[str, object], fmt: str = "html") -> str:
    """The file a view is written to: one per view and parameters, sorted by parameter name.

    >>> file_name("alliances", {"date": "1960-01-01"})
    'alliances--date-1960-01-01.html'
    >>> file_name("ego", {"state": "state:france", "depth": 1}, "html")
    'ego--depth-1--state-france.html'
    """
    parts = [name, *(f"{key}-{_slug(value)}" for key, value in sorted(params.items()) if value not in (None, ""))]
    return "--".join(parts) + f".{fmt}"


def _state(kg: KnowledgeGraph, spec: network.ViewSpec, params: dict[str, object]) -> tuple[str, str]:
    names = {iris.compact(str(r["node"])): str(r["label"])
             for r in kg.ask(network.NODES_QUERY) if r.get("kind") == "state" and r.get("node")}
    state = network.state_of(kg, spec, params, names) or "state:belgium"
    return state, spec.title.format(state=names.get(state, state), date="", depth="")


def render(kg: KnowledgeGraph, name: str, params: dict[str, object], *, linked_data: bool = False) -> str:
    """The HTML page of a view (a graph page, or the timeline page)."""
    spec = check(name, params)
    if spec.chart:
        state, title = _state(kg, spec, params)
        return timeline.render(kg, state, title=title)
    return page.render(network.view_graph(kg, name, **params), linked_data=linked_data)


def write(kg: KnowledgeGraph, name: str, params: dict[str, object], target: Path, fmt: str = "html") -> Written:
    """Write a view to ``target``: a file, or a folder to hold :func:`file_name`.

    Raises:
        QueryError: bad view, parameter or format; a view with nothing to draw.
        OSError: the file cannot be written.
    """
    spec = check(name, params, fmt)
    path = target if target.suffix in (".html", ".png", ".svg") else target / file_name(name, params, fmt)
    if spec.chart:
        state, title = _state(kg, spec, params)
        return Written(timeline.write(kg, path, state, fmt=fmt, title=title), title)
    graph = network.view_graph(kg, name, **params)
    if graph.number_of_nodes() == 0:
        given = " ".join(f"{k}={v}" for k, v in params.items()) or "the defaults"
        raise QueryError(f"view '{name}' has nothing to draw for {given}: its query returned no rows")
    nodes, edges = page.drawn_counts(graph)
    return Written(page.write(graph, path), graph.graph["title"], nodes, edges)
