"""Quads -> pyoxigraph Store (on disk or in memory), and sorted dumps."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from alliance_graph import iris


def new_store(quads: Iterable[ox.Quad], path: Path | None = None) -> ox.Store:
    """A store holding ``quads``: on disk at ``path`` (created), or in memory if ``path`` is None."""
    store = ox.Store(str(path)) if path is not None else ox.Store()
    store.bulk_extend(quads)
    if path is not None:
        store.flush()
        store.optimize()
    return store


def load_dump(path: Path) -> ox.Store:
    """An in-memory store holding the N-Quads dump a build wrote (:func:`pipeline.build.built_dump`).

    Parsed leniently (Oxigraph's bulk loader without its IRI and language-tag checks): the build wrote every term
    of that file after parsing and validating it strictly, so checking it again only costs time (about a quarter
    of the load; ``benchmarks/world.py``). Anything else a user gives is parsed strictly.
    """
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)
    return store


def open_store(path: Path) -> ox.Store:
    """Open a built store read-only, so several processes can query it at once."""
    return ox.Store.read_only(str(path))


def nquads(quads: Iterable[ox.Quad]) -> str:
    """Sorted N-Quads text: one line per quad, byte order, so dumps of equal data are equal."""
    lines = sorted({f"{q} .\n" for q in quads})
    return "".join(lines)


def turtle(quads: Iterable[ox.Quad]) -> str:
    """Turtle of the union of all graphs (graph names dropped), triples in sorted order."""
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    prefixes = {p: ns for p, ns in iris.PREFIXES.items()}
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert data is not None
    return data.decode("utf-8")
