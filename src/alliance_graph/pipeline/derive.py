"""Dataset -> shortcut edges (``queries/derive/*.rq``) and the finished graph's VoID description of its counts
(``queries/statistics/*.rq``), each in its own named graph."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.queries.catalogue import NamedQuery, derive_queries, statistics_queries


def _construct(store: ox.Store, queries: Sequence[NamedQuery], graph: str) -> list[ox.Quad]:
    """The triples the CONSTRUCT ``queries`` make over the union of ``store``'s graphs, as quads in ``graph``."""
    name = ox.NamedNode(graph)
    quads: set[ox.Quad] = set()
    for query in queries:
        triples = store.query(query.text, use_default_graph_as_union=True)
        assert isinstance(triples, ox.QueryTriples), f"{query.name} must be a CONSTRUCT query"
        for triple in triples:
            quads.add(ox.Quad(triple.subject, triple.predicate, triple.object, name))
    return sorted(quads, key=str)


def derive(store: ox.Store) -> list[ox.Quad]:
    """Run every derivation over the union of ``store``'s graphs; return the new triples as quads.

    The quads go to the graph ``iris.DERIVED_GRAPH`` so that they can be told apart from hand-written facts.
    """
    return _construct(store, derive_queries(), iris.DERIVED_GRAPH)


def describe(store: ox.Store) -> list[ox.Quad]:
    """Count the finished graph in ``store`` (triples, entities, fact nodes, sources, things per class, facts per
    section) and return the counts as a VoID description in the graph ``iris.VOID_GRAPH``.

    Run last, on everything else, and kept apart from it: the counts describe the data, not themselves. The
    questions that count the whole graph (``graph-totals``, ``counts-per-class``, ``counts-per-section``) read this
    description, so they take the same time at any size; ``describe`` does the counting once, at build time.
    """
    graph = ox.NamedNode(iris.VOID_GRAPH)
    if any(True for _ in store.quads_for_pattern(None, None, None, graph)):
        raise ValueError(f"{iris.VOID_GRAPH} is already in the store: describe the data without it")
    return _construct(store, statistics_queries(), iris.VOID_GRAPH)
