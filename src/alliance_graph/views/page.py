"""networkx graph -> one self-contained interactive HTML page (pyvis / vis-network), written to ``build/views/``.

Views take graphs (see :mod:`alliance_graph.views.network`); they never run SPARQL. The page is reproducible (nodes and
edges sorted, layout seeded: the same graph gives byte-identical HTML) and self-contained: vis-network's JS and CSS
are inlined from the copy shipped inside the pyvis package, so opening it makes no network request. Every node and
edge has a plain-text tooltip with its dates and sources; vis-network shows it with ``innerText`` and the data
reach the page as HTML-safe JSON, so no label or title is ever interpreted as HTML.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from alliance_graph.views.network import Source

log = logging.getLogger(__name__)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "view.html"
PYVIS_TEMPLATES = Path(pyvis.__file__).resolve().parent / "templates"

#: Node colours by group; groups not listed take colours from PALETTE in sorted order.
GROUP_COLOURS: dict[str, str] = {
    "state": "#4e79a7",
    "organization": "#f28e2b",
    "agreement": "#59a14f",
    "programme": "#b07aa1",
    "company": "#e15759",
    "person": "#9c755f",
    "United Nations": "#5b9bd5",
    "NATO": "#1f3a93",
    "European Union": "#edc948",
    "Western European Union": "#86bcb6",
    "coalition": "#ff9da7",
    "multinational task force": "#bab0ac",
    "national": "#8cd17d",
    "OSCE": "#d4a6c8",
}
#: Edge colours by kind; kinds not listed take colours from PALETTE in sorted order.
KIND_COLOURS: dict[str, str] = {
    "member of": "#f28e2b",
    "party to": "#59a14f",
    "establishes": "#7f7f7f",
    "took part in": "#4e79a7",
    "conducted by": "#7f7f7f",
    "takes part in": "#b07aa1",
    "supplied by": "#e15759",
    "owns": "#9c755f",
    "part of": "#7f7f7f",
}
#: Above this many drawn edges, only the edges of the focus node carry a caption (all keep their tooltip).
EDGE_LABELS_UP_TO = 150
PALETTE = ("#76b7b2", "#ff9da7", "#af7aa1", "#17becf", "#bcbd22", "#8c564b", "#e377c2", "#7f7f7f")


class ViewHTML(str):
    """The HTML of a view; shown inline in Jupyter (an ``<iframe srcdoc>``, so the page stays self-contained)."""

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self, quote=True)}" style="width: 100%; height: 720px; border: 0" '
            'sandbox="allow-scripts"></iframe>'
        )


def _colours(names: Iterable[str], fixed: dict[str, str]) -> dict[str, str]:
    extra = iter(PALETTE * 8)
    return {name: fixed.get(name) or next(extra) for name in sorted(set(names))}


def _dates(start: str, end: str) -> str:
    if not start and not end:
        return "dates: not recorded"
    return f"dates: {start or '?'} to {end or 'present'}"


def _source_lines(sources: Iterable[Source]) -> list[str]:
    lines = []
    for source in sources:
        text = f"  - {source.title} [{source.id}]" if source.title else f"  - {source.id}"
        lines.append(text + (f"\n    {source.url}" if source.url else ""))
    return lines or ["  (none recorded)"]


def node_tooltip(node: str, data: dict[str, Any]) -> str:
    """Plain-text tooltip of a node: name, kind and id, dates, sources.

    >>> print(node_tooltip("organization:nato", {"name": "North Atlantic Treaty Organization",
    ...     "kind": "international organization", "start": "1949-04-04", "end": "",
    ...     "sources": (Source("source:x", "Founding treaty", "https://www.nato.int/"),)}))
    North Atlantic Treaty Organization
    international organization, organization:nato
    dates: 1949-04-04 to present
    sources:
      - Founding treaty [source:x]
        https://www.nato.int/
    """
    name = data.get("name") or node
    kind = data.get("kind") or data.get("group") or ""
    lines = [str(name), f"{kind}, {node}" if kind else node, _dates(data.get("start", ""), data.get("end", ""))]
    return "\n".join([*lines, "sources:", *_source_lines(data.get("sources", ()))])


def edge_tooltip(names: tuple[str, str], facts: list[dict[str, Any]]) -> str:
    """Plain-text tooltip of the edges drawn as one line: each fact with its dates, notes and sources."""
    blocks = [f"{names[0]} -> {names[1]}"]
    for fact in facts:
        head = fact["kind"] if fact["label"] == fact["kind"] else f"{fact['kind']}: {fact['label']}"
        lines = [head, _dates(fact["start"], fact["end"])]
        if fact["fact"]:
            lines.append(f"fact: {fact['fact']}")
        lines += list(fact["notes"])
        lines += ["sources:", *_source_lines(fact["sources"])]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def to_network(graph: nx.MultiDiGraph, *, height: str = "calc(100vh - 96px)") -> Network:
    """The pyvis network of ``graph``: nodes and edges in sorted order, parallel edges of one kind merged.

    Node colour follows its ``group`` (kept as ``category``: pyvis drops the colour of a node given a vis
    ``group``), edge colour its ``kind``; the focus node is drawn larger. In a crowded view only the focus
    node's edges carry captions; an edge's caption is its label (role, years), not its kind, which its
    colour and the legend tell.
    """
    title = graph.graph.get("title", "")
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", heading=title)
    groups = _colours((d.get("group", "") for _, d in graph.nodes(data=True)), GROUP_COLOURS)
    kinds = _colours((d["kind"] for _, _, d in graph.edges(data=True)), KIND_COLOURS)
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        net.add_node(
            node,
            label=data.get("label") or node,
            title=node_tooltip(node, data),
            color=groups[data.get("group", "")],
            category=data.get("group", ""),
            size=30 if data.get("focus") else 14,
            shape="dot",
        )
    merged: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for start, end, _key, data in graph.edges(keys=True, data=True):
        merged.setdefault((start, end, data["kind"]), []).append(data)
    focus = graph.graph.get("focus")
    crowded = len(merged) > EDGE_LABELS_UP_TO
    for (start, end, kind), facts in sorted(merged.items()):
        facts.sort(key=lambda f: (f["start"], f["end"], f["fact"], f["label"]))
        labels = list(dict.fromkeys(f["label"] for f in facts if f["label"] != kind))
        names = (graph.nodes[start].get("name") or start, graph.nodes[end].get("name") or end)
        net.add_edge(
            start,
            end,
            id=f"{kind}|{start}|{end}",
            label="" if crowded and focus not in (start, end) else ", ".join(labels),
            title=edge_tooltip(names, facts),
            color=kinds[kind],
            kind=kind,
        )
    net.options = _options()
    net.set_template_dir([str(TEMPLATE_DIR), str(PYVIS_TEMPLATES)], TEMPLATE)
    return net


def _options() -> dict[str, Any]:
    return {
        "layout": {"randomSeed": 7, "improvedLayout": True},
        "nodes": {
            "font": {"size": 12, "face": "system-ui, sans-serif"},
            "borderWidth": 1,
            "widthConstraint": {"maximum": 170},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 9, "color": "#555555", "strokeWidth": 2, "align": "middle"},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
            "width": 1.5,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 600, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    }


def render(graph: nx.MultiDiGraph) -> ViewHTML:
    """The view of ``graph`` as one self-contained HTML page (the same graph gives the same bytes).

    In Jupyter the result displays itself inline.
    """
    return ViewHTML(to_network(graph).generate_html())


def write(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the view of ``graph`` to ``path`` (parent folders are created); return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(graph), encoding="utf-8")
    log.info("wrote %s (%d nodes, %d edges)", target, graph.number_of_nodes(), graph.number_of_edges())
    return target
