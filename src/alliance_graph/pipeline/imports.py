"""Imported datasets in a build: where their Turtle lives, the outputs of a build that includes them, their quads.

``alliance-graph import atop`` (and ``cow``) writes ``build/imports/<name>.ttl`` (plus ``cow-states.ttl``, the
states both use). A build that includes them (``build --with atop,cow``) writes its store and dumps to
``build/with-atop-cow/``, so the default build, the curated graph alone, is untouched. Imported Turtle goes to the
named graph ``<https://w3id.org/alliance-graph/graph/import/<name>>``: a user sees what was curated and what was
imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.errors import BuildError, ParseError
from alliance_graph.paths import Project

#: Datasets a build can include, each with the import graphs it brings.
IMPORTABLE: dict[str, tuple[str, ...]] = {"atop": ("cow-states", "atop"), "cow": ("cow-states", "cow")}
IMPORTS_DIR = "imports"


def normalise(include: Sequence[str] | str | None) -> tuple[str, ...]:
    """Sorted, distinct dataset names from ``"atop,cow"`` or a sequence.

    >>> normalise("cow, atop")
    ('atop', 'cow')

    Raises:
        BuildError: a name that is not importable.
    """
    if include is None:
        return ()
    names = include.split(",") if isinstance(include, str) else list(include)
    cleaned = sorted({name.strip().lower() for name in names if name.strip()})
    unknown = [name for name in cleaned if name not in IMPORTABLE]
    if unknown:
        raise BuildError(f"cannot include {', '.join(unknown)}: the importable datasets are "
                         f"{', '.join(IMPORTABLE)}")
    return tuple(cleaned)


def imports_dir(project: Project) -> Path:
    """Where imports write their Turtle: ``build/imports/``."""
    return project.build_dir / IMPORTS_DIR


def graph_names(include: Sequence[str]) -> list[str]:
    """The import graphs (file stems) the datasets bring, in load order."""
    names: list[str] = []
    for dataset in normalise(include):
        names += [name for name in IMPORTABLE[dataset] if name not in names]
    return names


def import_graph(name: str) -> str:
    """The named graph of one import.

    >>> import_graph("atop")
    'https://w3id.org/alliance-graph/graph/import/atop'
    """
    return f"{iris.GRAPH}import/{name}"


def target(project: Project, include: Sequence[str]) -> Project:
    """The project whose build directory holds the outputs of a build including ``include``."""
    names = normalise(include)
    if not names:
        return project
    return Project(project.root, project.build_dir / f"with-{'-'.join(names)}")


def import_files(project: Project, include: Sequence[str]) -> list[Path]:
    """The Turtle files a build including ``include`` reads.

    Raises:
        BuildError: a file is missing (the import has not been run).
    """
    files = []
    for name in graph_names(include):
        path = imports_dir(project) / f"{name}.ttl"
        if not path.is_file():
            dataset = next(d for d, graphs in IMPORTABLE.items() if name in graphs and d in include)
            raise BuildError(f"{path} is missing: run `alliance-graph import {dataset}` first "
                             f"(or `alliance-graph build --with {','.join(include)}`, which imports what is missing)")
        files.append(path)
    return files


def import_quads(paths: Sequence[Path]) -> list[ox.Quad]:
    """Parse imported Turtle (pyoxigraph, fast) into quads in each file's import graph.

    Raises:
        ParseError: a file is not Turtle (it was edited by hand, or half-written by something else).
    """
    quads: list[ox.Quad] = []
    for path in paths:
        graph = ox.NamedNode(import_graph(path.stem))
        try:
            with path.open("rb") as stream:
                quads += [ox.Quad(t.subject, t.predicate, t.object, graph)
                          for t in ox.parse(stream, format=ox.RdfFormat.TURTLE)]
        except SyntaxError as err:
            raise ParseError(f"Turtle syntax error: {err}", file=str(path), line=err.lineno) from err
    return quads
