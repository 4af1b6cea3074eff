"""Keep data files tidy: sources in ``data/sources.ttl``, every other node in the file for its kind."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from alliance_graph import iris
from alliance_graph.fmt import canonical_turtle, write_atomically
from alliance_graph.load import parse_file
from alliance_graph.paths import Project

SOURCES_FILE = "sources.ttl"


def used_state_slugs(project: Project) -> set[str]:
    """Slugs of every ``state:`` IRI mentioned in ``data/`` (except states.ttl itself)."""
    namespace = iris.PREFIXES["state"]
    slugs: set[str] = set()
    for path in project.data_files():
        text = path.read_text(encoding="utf-8")
        slugs.update(re.findall(r"(?<![\w-])state:([a-z0-9-]+)", text))
        slugs.update(re.findall(re.escape(namespace) + r"([a-z0-9-]+)", text))
    return slugs


def _merge_into(project: Project, name: str, graph: Graph, replace: set[URIRef]) -> None:
    path = project.data_dir / name
    existing = parse_file(path, project.relative(path)).graph if path.exists() else Graph()
    for node in replace:
        existing.remove((node, None, None))
    existing += graph
    write_atomically(path, canonical_turtle(existing))


def write_import(project: Project, graph: Graph, name: str) -> list[str]:
    """Merge an importer's graph into ``data/<name>``, its source nodes into ``data/sources.ttl``.

    Nodes the import yields replace their previous triples, so re-running an import is idempotent.
    """
    sources = {s for s in graph.subjects(RDF.type, PROV.Entity) if isinstance(s, URIRef)}
    source_graph = Graph()
    rest = Graph()
    for triple in graph:
        (source_graph if triple[0] in sources else rest).add(triple)
    _merge_into(project, SOURCES_FILE, source_graph, sources)
    others = {s for s in rest.subjects() if isinstance(s, URIRef)}
    _merge_into(project, name, rest, others)
    return [f"data/{SOURCES_FILE}", f"data/{name}"]


