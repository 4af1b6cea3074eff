"""networkx graph -> one self-contained, explorable HTML page (vis-network), written to ``build/views/``.

Views take graphs (see :mod:`alliance_graph.views.network`); they never run SPARQL. The page holds its data as
HTML-safe JSON and builds all text with ``textContent``, so no label, title or note is ever read as HTML. It is
reproducible (nodes, edges and sources sorted; positions computed beforehand by :mod:`alliance_graph.views.layout`
and rounded: the same graph gives byte-identical HTML) and self-contained: vis-network's JS and CSS are inlined
from the copy shipped inside the pyvis package, so opening it makes no network request.

In the page: search over every name (en/nl/fr/de, other names, acronyms), filters by kind of node, framework and
obligation, a year slider (what had started and not ended that year, from the dates and their precision), a
language switch, and a details panel with dates, obligations or role, and sources as links.
"""

from __future__ import annotations

import html
import json
import logging
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import pyvis

from alliance_graph import iris
from alliance_graph.files import write_atomically
from alliance_graph.views.labels import labels_by_language, search_terms
from alliance_graph.views.layout import positions
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
    "European Union": "#d4a20b",
    "Western European Union": "#2a9d8f",
    "coalition": "#ff9da7",
    "multinational task force": "#8a8179",
    "national": "#6bbf59",
    "OSCE": "#c06cb0",
}
#: The organizations a reader looks for first get the colour of their framework, whatever the view.
NODE_COLOURS: dict[str, str] = {
    "organization:nato": GROUP_COLOURS["NATO"],
    "organization:eu": GROUP_COLOURS["European Union"],
    "organization:un": GROUP_COLOURS["United Nations"],
    "organization:weu": GROUP_COLOURS["Western European Union"],
}
#: Edge colours by kind; kinds not listed take colours from PALETTE in sorted order.
KIND_COLOURS: dict[str, str] = {
    "member of": "#f28e2b",
    "party to": "#59a14f",
    "establishes": "#9a9a9a",
    "took part in": "#4e79a7",
    "conducted by": "#9a9a9a",
    "served alongside": "#c9a227",
    "takes part in": "#b07aa1",
    "supplied by": "#e15759",
    "owns": "#9c755f",
    "part of": "#9a9a9a",
    "bound to": "#4e79a7",
}
#: Kinds of line that have no direction (drawn without an arrow head).
UNDIRECTED = frozenset({"bound to", "served alongside"})
#: Shapes by type of node (the legend shows them).
SHAPES = {"state": "dot", "organization": "diamond", "agreement": "triangle", "operation": "square",
          "programme": "star", "company": "triangleDown", "person": "hexagon", "other": "dot"}
TYPES = ("state", "organization", "agreement", "operation", "programme", "company", "person")
#: Major nodes keep a readable label however far out the page is zoomed (others show theirs closer in): the focus,
#: NATO, the EU, the UN, the WEU, nodes with this many lines or more, and the MAJOR_AT_LEAST most connected.
MAJOR_DEGREE = 6
MAJOR_AT_LEAST = 20
#: Above this many drawn edges, no edge carries a caption on the canvas (the panel and the tooltip tell).
EDGE_LABELS_UP_TO = 60
#: Above this many drawn edges, edges are drawn straight (curves cost time in the browser).
CURVES_UP_TO = 600
PALETTE = ("#76b7b2", "#ff9da7", "#af7aa1", "#17becf", "#bcbd22", "#8c564b", "#e377c2", "#7f7f7f")


class ViewHTML(str):
    """The HTML of a view; shown inline in Jupyter (an ``<iframe srcdoc>``, so the page stays self-contained)."""

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self, quote=True)}" style="width: 100%; height: 720px; border: 0" '
            'sandbox="allow-scripts allow-popups"></iframe>'
        )


def _colours(names: Iterable[str], fixed: dict[str, str]) -> dict[str, str]:
    extra = iter(PALETTE * 8)
    return {name: fixed.get(name) or next(extra) for name in sorted(set(names))}


def node_type(data: dict[str, Any]) -> str:
    """The coarse type a node is filtered and shaped by: a group that is a framework means an operation.

    >>> node_type({"group": "NATO"}), node_type({"group": "state"}), node_type({"group": "organization"})
    ('operation', 'state', 'organization')
    """
    group = str(data.get("group") or "")
    if group in TYPES:
        return group
    if data.get("framework") or group in GROUP_COLOURS or group == "operation":
        return "operation"
    return "other"


def source_ids(sources: Iterable[Source], catalogue: dict[str, dict[str, str]]) -> list[str]:
    """The CURIEs of ``sources``, each added to ``catalogue`` (title, url, publisher) as the page's panel shows it."""
    ids = []
    for source in sources:
        catalogue.setdefault(source.id, {"title": source.title, "url": source.url, "publisher": source.publisher})
        ids.append(source.id)
    return ids


def _linked_data(curie: str) -> str:
    full = iris.expand(curie) or curie
    return full[len(iris.BASE) - 1 :] if full.startswith(iris.BASE) else ""


def _year(text: str) -> int | None:
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def page_data(graph: nx.MultiDiGraph, *, linked_data: bool = False) -> dict[str, Any]:
    """What the page holds: nodes with positions, merged edges, the source catalogue, filters and year span.

    Parallel edges of one kind between two nodes are drawn as one line listing each fact, so the number of
    ``edges`` here is the number the page draws (and the number the command reports).
    """
    focus = graph.graph.get("focus")
    place = positions(graph, focus, {n: node_type(d) for n, d in graph.nodes(data=True)})
    groups = _colours((d.get("group", "") for _, d in graph.nodes(data=True)), GROUP_COLOURS)
    kinds = _colours((d["kind"] for _, _, d in graph.edges(data=True)), KIND_COLOURS)
    sources: dict[str, dict[str, str]] = {}
    degree = dict(graph.degree())
    hubs = set(sorted(graph.nodes, key=lambda n: (-degree.get(n, 0), n))[:MAJOR_AT_LEAST])
    nodes = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        kind = node_type(data)
        name = str(data.get("name") or node)
        nodes.append({
            "id": node, "x": place[node][0], "y": place[node][1],
            "type": kind, "group": data.get("group", ""), "kind": data.get("kind", ""),
            "color": NODE_COLOURS.get(node) or groups[data.get("group", "")], "shape": SHAPES.get(kind, "dot"),
            "size": 26 if data.get("focus") else min(22, 9 + 2 * math.sqrt(degree.get(node, 0))),
            "major": bool(data.get("focus")) or node in NODE_COLOURS or node in hubs
                     or degree.get(node, 0) >= MAJOR_DEGREE,
            "names": labels_by_language(data.get("names"), name, str(data.get("label") or "")
                                        if data.get("label") != name else ""),
            "search": search_terms(data.get("names"), name, str(data.get("label") or "")),
            "start": data.get("start", ""), "end": data.get("end", ""),
            "framework": data.get("framework", ""), "obligations": list(data.get("obligations", ())),
            "description": data.get("description", ""), "focus": bool(data.get("focus")),
            "sources": source_ids(data.get("sources", ()), sources),
            "page": _linked_data(node) if linked_data else "",
        })
    shown = {n["id"]: n for n in nodes}
    merged: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for start, end, _key, data in graph.edges(keys=True, data=True):
        merged.setdefault((start, end, data["kind"]), []).append(data)
    crowded = len(merged) > EDGE_LABELS_UP_TO
    heaviest = max((float(d.get("weight") or 1) for _, _, d in graph.edges(data=True)), default=1.0)
    edges = []
    for (start, end, kind), facts in sorted(merged.items()):
        facts.sort(key=lambda f: (f["start"], f["end"], f["fact"], f["label"]))
        captions = list(dict.fromkeys(f["label"] for f in facts if f["label"] != kind))
        weight = sum(float(f.get("weight") or 1) for f in facts)
        edges.append({
            "id": f"{kind}|{start}|{end}", "from": start, "to": end, "kind": kind, "color": kinds[kind],
            "arrow": kind not in UNDIRECTED,
            "caption": "" if crowded else ", ".join(captions), "near": focus in (start, end) or not focus,
            "width": round(1 + 5 * weight / heaviest, 2) if heaviest > 1 else 1.5,
            "facts": [{
                "fact": f["fact"], "label": f["label"], "start": f["start"], "end": f["end"],
                "notes": list(f["notes"]), "sources": source_ids(f["sources"], sources),
                "page": _linked_data(f["fact"]) if linked_data and f["fact"] else "",
            } for f in facts],
        })
    dates = [d for facts in merged.values() for f in facts for d in (f["start"], f["end"])]
    years = [y for y in map(_year, dates) if y]
    return {
        "title": graph.graph.get("title", ""),
        "focus": focus or "",
        "nodes": nodes,
        "edges": edges,
        "sources": dict(sorted(sources.items())),
        "span": [min(years), max(years)] if years else None,
        "types": [t for t in (*TYPES, "other") if any(n["type"] == t for n in nodes)],
        "frameworks": sorted({n["framework"] for n in nodes if n["framework"]}),
        "obligations": sorted({o for n in nodes for o in n["obligations"]}),
        "groups": [[g, c] for g, c in groups.items()] + [
            [shown[n]["names"]["en"]["short"], c] for n, c in NODE_COLOURS.items()
            if n in shown and c not in groups.values()
        ],
        "kinds": [[k, c] for k, c in kinds.items()],
        "shapes": SHAPES,
        "curves": len(edges) <= CURVES_UP_TO,
        "weighted": heaviest > 1,
    }


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader([str(TEMPLATE_DIR), str(PYVIS_TEMPLATES)]),
    autoescape=True,
    keep_trailing_newline=True,
)


def embed(data: dict[str, Any]) -> str:
    r"""``data`` as JSON to put inside a ``<script>`` element: keys sorted, and <, > and & escaped (still JSON).

    >>> embed({"b": "</script>", "a": 1})
    '{"a":1,"b":"\\u003c/script\\u003e"}'
    """
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        payload = payload.replace(char, escaped)
    return payload


def render(graph: nx.MultiDiGraph, *, linked_data: bool = False) -> ViewHTML:
    """The view of ``graph`` as one self-contained HTML page (the same graph gives the same bytes).

    Args:
        graph: a view graph (:func:`alliance_graph.views.network.view_graph`).
        linked_data: link each thing to its linked-data page (``/id/...``), as ``alliance-graph serve`` does.

    In Jupyter the result displays itself inline.
    """
    data = page_data(graph, linked_data=linked_data)
    return ViewHTML(_ENV.get_template(TEMPLATE).render(heading=data["title"], data=embed(data),
                                                        counts=(len(data["nodes"]), len(data["edges"]))))


def drawn_counts(graph: nx.MultiDiGraph) -> tuple[int, int]:
    """Nodes and edges the page draws (parallel facts of one kind share an edge)."""
    return graph.number_of_nodes(), len({(s, e, d["kind"]) for s, e, d in graph.edges(data=True)})


def write(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the view of ``graph`` to ``path`` atomically (parent folders are created); return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, render(graph))
    target.chmod(0o644)
    log.info("wrote %s (%d nodes, %d edges drawn)", target, *drawn_counts(graph))
    return target
