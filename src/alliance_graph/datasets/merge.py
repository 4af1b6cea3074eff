"""Put nodes where they belong: each node in the ``data/`` file for its kind, sources in ``sources.ttl``.

Used by importers and by ``alliance-graph merge`` to take in a Turtle file of new facts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, URIRef

from alliance_graph import iris
from alliance_graph.errors import ParseError
from alliance_graph.files import write_atomically
from alliance_graph.paths import Project
from alliance_graph.pipeline.fmt import canonical_turtle
from alliance_graph.pipeline.load import parse_file

#: IRI kind -> data file (STYLE.md section 1: one fact in one place).
KIND_FILES: dict[str, str] = {
    "source": "sources.ttl",
    "state": "states.ttl",
    "organization": "organizations.ttl",
    "unit": "organizations.ttl",
    "company": "companies.ttl",
    "ownership": "companies.ttl",
    "place": "places.ttl",
    "person": "people.ttl",
    "agreement": "agreements.ttl",
    "provision": "agreements.ttl",
    "party": "agreement-parties.ttl",
    "membership": "memberships.ttl",
    "operation": "operations.ttl",
    "resolution": "operations.ttl",
    "participation": "participations.ttl",
    "event": "events.ttl",
    "figure": "figures.ttl",
    "programme": "programmes.ttl",
    "document": "policy.ttl",
    "controversy": "controversies.ttl",
    "position": "controversies.ttl",
    "initiative": "initiatives.ttl",
    "rival": "rival-values.ttl",
}


def file_for(node: str) -> str:
    """The data file a node belongs in, from its IRI kind.

    >>> file_for("https://w3id.org/alliance-graph/id/membership/belgium--nato--1949")
    'memberships.ttl'

    Raises:
        ParseError: the node is not under ``/id/<kind>/``.
    """
    match = re.match(re.escape(iris.ID) + r"([a-z]+)/", node)
    if not match or match.group(1) not in KIND_FILES:
        raise ParseError(f"<{node}> is not under {iris.ID}<kind>/ for a known kind; cannot place it")
    return KIND_FILES[match.group(1)]


def used_state_slugs(project: Project) -> set[str]:
    """Slugs of every ``state:`` IRI mentioned in ``data/``."""
    namespace = iris.PREFIXES["state"]
    slugs: set[str] = set()
    for path in project.data_files():
        text = path.read_text(encoding="utf-8")
        slugs.update(re.findall(r"(?<![\w-])state:([a-z0-9-]+)", text))
        slugs.update(re.findall(re.escape(namespace) + r"([a-z0-9-]+)", text))
    return slugs


def merge_graph(project: Project, graph: Graph, *, replace: bool = True) -> list[str]:
    """Merge ``graph`` into ``data/``: each subject into the file for its kind.

    With ``replace``, a subject's previous triples are removed first (re-running an import is idempotent);
    otherwise triples are added to what is there. Every target file is parsed before any is written, and
    each is written atomically.

    Returns:
        The data files written, relative to the project.
    """
    by_file: dict[str, Graph] = defaultdict(Graph)
    subjects: set[URIRef] = {s for s in graph.subjects() if isinstance(s, URIRef)}
    for subject in sorted(subjects):
        target = by_file[file_for(str(subject))]
        for triple in graph.triples((subject, None, None)):
            target.add(triple)
    existing: dict[str, Graph] = {}
    for name in by_file:
        path = project.data_dir / name
        existing[name] = parse_file(path, project.relative(path)).graph if path.exists() else Graph()
    for name, incoming in by_file.items():
        current = existing[name]
        if replace:
            for node in set(incoming.subjects()):
                current.remove((node, None, None))
        current += incoming
        write_atomically(project.data_dir / name, canonical_turtle(current))
    return [f"data/{name}" for name in sorted(by_file)]


def merge_files(project: Project, paths: Iterable[Path]) -> list[str]:
    """Parse Turtle files (all first) and merge their nodes into ``data/`` without replacing anything."""
    combined = Graph()
    for path in paths:
        combined += parse_file(path, str(path)).graph
    return merge_graph(project, combined, replace=False)
