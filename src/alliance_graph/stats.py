"""Counts that describe the graph: per class, per section, missions per framework and decade."""

from __future__ import annotations

from alliance_graph.api import KnowledgeGraph
from alliance_graph.rows import Rows

#: The named queries ``alliance-graph stats`` shows, in order, with a title each.
STATS_QUERIES: dict[str, str] = {
    "counts-per-class": "Things and facts per class",
    "counts-per-section": "Facts per section of the subject",
    "missions-by-framework-and-decade": "Missions with Belgian participation, by framework and decade of start",
    "graph-totals": "Totals",
}


def stats(kg: KnowledgeGraph) -> dict[str, Rows]:
    """Run each statistics query; return their rows by title."""
    return {title: kg.ask(name) for name, title in STATS_QUERIES.items()}
