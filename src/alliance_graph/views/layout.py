"""Node positions computed before the page is written, so the browser draws a still picture at once.

With a focus (the state a view is about), rings around it (:func:`rings`). Otherwise each connected component
is laid out apart and the components are packed side by side: up to :data:`SPRING_UP_TO` nodes with networkx's
spring layout (Fruchterman-Reingold, seeded, weighted: strongly tied nodes sit closer; 0.1 s for 150 nodes);
above that networkx costs seconds per thousand nodes on a small machine (12 s for 2,000 here), so larger
components use igraph's grid-accelerated Fruchterman-Reingold from seeded positions (under 2 s for 5,000). Either
way positions are in pixels, a label apart, and rounded: the same graph gives the same positions.
"""

from __future__ import annotations

import logging
import math

import networkx as nx
import numpy as np

log = logging.getLogger(__name__)

#: Largest graph laid out with networkx; larger ones use igraph.
SPRING_UP_TO = 400
#: Pixels of canvas per node, on average (the layout is scaled to a square of sqrt(n) * SPACING).
SPACING = 120.0
SEED = 7


def _simple(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph under ``graph``, nodes sorted; parallel edges add their weights."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    for start, end, data in graph.edges(data=True):
        if start == end:
            continue
        weight = float(data.get("weight") or 1)
        if simple.has_edge(start, end):
            simple[start][end]["weight"] += weight
        else:
            simple.add_edge(start, end, weight=weight)
    return simple


def _spring(simple: nx.Graph) -> np.ndarray:
    pos = nx.spring_layout(simple, seed=SEED, iterations=120, weight="weight", k=1.6 / math.sqrt(len(simple)))
    return np.array([pos[n] for n in simple.nodes], dtype=float)


def _igraph(simple: nx.Graph) -> np.ndarray:
    import igraph

    index = {node: i for i, node in enumerate(simple.nodes)}
    edges = [(index[a], index[b]) for a, b in simple.edges]
    weights = [simple[a][b]["weight"] for a, b in simple.edges]
    side = math.sqrt(len(index))  # spread like igraph's own start, or its grid holds everything in one cell
    start = np.random.default_rng(SEED).uniform(-side, side, size=(len(index), 2)).tolist()
    laid = igraph.Graph(n=len(index), edges=edges).layout_fruchterman_reingold(
        weights=weights or None, niter=300, seed=start, grid=True
    )
    return np.array(laid.coords, dtype=float)


#: The order of rings around a focus, within one distance from it.
RING_ORDER = ("organization", "operation", "agreement", "programme", "company", "state", "person")
#: Least gap between two rings, and arc between neighbours on a ring, in pixels.
RING_GAP = 240.0
RING_STEP = 150.0
#: Rings of more nodes than this alternate between two radii this far apart.
STAGGER_FROM = 16
STAGGER = 120.0


def rings(graph: nx.MultiDiGraph, focus: str, kind_of: dict[str, str]) -> dict[str, tuple[int, int]]:
    """A radial layout around ``focus``: one ring per (distance from the focus, kind), nearer and rarer inside.

    A star-shaped graph (everything tied to the focus) collapses into a knot under a force layout; here each
    ring is wide enough for its labels, and around it the nodes keep the order of their angle in a spring layout
    of the graph without the focus, so nodes that share partners sit side by side.
    """
    simple = _simple(graph)
    distance = nx.single_source_shortest_path_length(simple, focus)
    rest = simple.subgraph(n for n in simple.nodes if n != focus)
    spring = nx.spring_layout(rest, seed=SEED, iterations=60) if len(rest) else {}
    angle = {n: math.atan2(float(spring[n][1]), float(spring[n][0])) for n in rest.nodes}
    far = max(distance.values(), default=0) + 1
    order = {kind: i for i, kind in enumerate(RING_ORDER)}
    groups: dict[tuple[int, int], list[str]] = {}
    for node in rest.nodes:
        groups.setdefault((distance.get(node, far), order.get(kind_of.get(node, ""), len(order))), []).append(node)
    place = {focus: (0, 0)}
    radius = 0.0
    for key in sorted(groups):
        ring = sorted(groups[key], key=lambda n: (angle[n], n))
        staggered = len(ring) > STAGGER_FROM  # alternate two radii: neighbours' labels do not meet
        step = RING_STEP / 2 if staggered else RING_STEP
        radius = max(radius + RING_GAP, len(ring) * step / (2 * math.pi))
        for i, node in enumerate(ring):
            theta = 2 * math.pi * i / len(ring) + 0.3 * key[0]
            r = radius + (STAGGER if staggered and i % 2 else 0)
            place[node] = (round(r * math.cos(theta)), round(r * math.sin(theta)))
        radius += STAGGER if staggered else 0
    return place


def _component(simple: nx.Graph) -> np.ndarray:
    """Positions of one connected component, scaled so that a node's nearest neighbour is about SPACING away."""
    count = len(simple)
    if count == 1:
        return np.zeros((1, 2))
    coords = _spring(simple) if count <= SPRING_UP_TO else _igraph(simple)
    coords = coords - coords.mean(axis=0)
    sample = coords[:: max(1, count // 400)]  # nearest neighbours of a sample: enough to set the scale
    gaps = np.sqrt(((sample[:, None, :] - coords[None, :, :]) ** 2).sum(axis=2))
    gaps[gaps == 0] = np.inf
    nearest = float(np.median(gaps.min(axis=1)))
    scaled: np.ndarray = coords * (SPACING / nearest if nearest > 0 and np.isfinite(nearest) else 1.0)
    return scaled


def _pack(parts: list[tuple[list[str], np.ndarray]]) -> dict[str, tuple[int, int]]:
    """Components side by side in rows, largest first, rows about as wide as the whole is tall."""
    boxes = [(nodes, coords - coords.min(axis=0)) for nodes, coords in parts]
    area = sum((float(c[:, 0].max()) + SPACING) * (float(c[:, 1].max()) + SPACING) for _, c in boxes)
    width = max(math.sqrt(area) * 1.2, max(float(c[:, 0].max()) for _, c in boxes))
    place: dict[str, tuple[int, int]] = {}
    x = y = row = 0.0
    for nodes, coords in boxes:
        w, h = float(coords[:, 0].max()) + SPACING, float(coords[:, 1].max()) + SPACING
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        for node, (cx, cy) in zip(nodes, coords, strict=True):
            place[node] = (round(x + float(cx)), round(y + float(cy)))
        x, row = x + w, max(row, h)
    return place


def positions(
    graph: nx.MultiDiGraph, focus: str | None = None, kind_of: dict[str, str] | None = None
) -> dict[str, tuple[int, int]]:
    """Pixel positions for every node of ``graph``: rings around the focus when there is one (and the kind of
    each node is given), else a force layout with the focus, if any, at the centre.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> p = positions(g)
    >>> sorted(p) == ["a", "b", "c"] and p == positions(g)
    True
    """
    simple = _simple(graph)
    count = len(simple)
    if focus is not None and focus in simple and kind_of is not None and count <= SPRING_UP_TO:
        return rings(graph, focus, kind_of)
    if count == 0:
        return {}
    parts = []
    for component in sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c))):
        sub = simple.subgraph(sorted(component))
        parts.append((list(sub.nodes), _component(sub)))
    place = _pack(parts)
    main = np.array([place[n] for n in parts[0][0]], dtype=float).mean(axis=0)
    centre = place[focus] if focus in place else (round(float(main[0])), round(float(main[1])))
    log.debug("laid out %d nodes in %d components", count, len(parts))
    return {node: (x - centre[0], y - centre[1]) for node, (x, y) in sorted(place.items())}
