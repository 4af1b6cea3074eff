"""Dataset -> shortcut edges: run ``queries/derive/*.rq`` CONSTRUCTs into the derived graph."""

from __future__ import annotations

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.queries.catalogue import derive_queries


def derive(store: ox.Store) -> list[ox.Quad]:
    """Run every derivation over the union of ``store``'s graphs; return the new triples as quads.

    The quads go to the graph ``iris.DERIVED_GRAPH`` so that they can be told apart from hand-written facts.
    """
    graph = ox.NamedNode(iris.DERIVED_GRAPH)
    quads: set[ox.Quad] = set()
    for query in derive_queries():
        triples = store.query(query.text, use_default_graph_as_union=True)
        assert isinstance(triples, ox.QueryTriples), f"{query.name} must be a CONSTRUCT query"
        for triple in triples:
            quads.add(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
    return sorted(quads, key=str)
