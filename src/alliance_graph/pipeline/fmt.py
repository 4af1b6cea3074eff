"""Graph -> canonical Turtle, so that diffs of data files show only real changes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph

from alliance_graph import iris
from alliance_graph.files import write_atomically
from alliance_graph.pipeline.load import SourceFile


def canonical_turtle(graph: Graph) -> str:
    """Serialise ``graph`` with rdflib's ``longturtle`` layout and the project's prefixes (only those used).

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='<https://w3id.org/alliance-graph/id/state/x> a '
    ...                        '<https://w3id.org/alliance-graph/def/State> .', format="turtle")
    >>> print(canonical_turtle(g).strip())
    PREFIX ag: <https://w3id.org/alliance-graph/def/>
    PREFIX state: <https://w3id.org/alliance-graph/id/state/>
    <BLANKLINE>
    state:x
        a ag:State ;
    .
    """
    out = Graph(bind_namespaces="none")
    for prefix, namespace in iris.PREFIXES.items():
        out.bind(prefix, namespace)
    for triple in graph:
        out.add(triple)
    lines = out.serialize(format="longturtle").splitlines()
    body = "\n".join(line for line in lines if not line.startswith("PREFIX "))
    kept = [
        line
        for line in lines
        if not line.startswith("PREFIX ") or re.search(rf"(?<![\w-]){re.escape(line.split()[1])}", body)
    ]
    return "\n".join(kept).strip() + "\n"


@dataclass
class FmtResult:
    """Which files were (or would be) rewritten."""

    changed: list[str]
    checked: int


def format_files(files: list[SourceFile], *, check: bool) -> FmtResult:
    """Rewrite each file canonically, or with ``check`` only report which differ.

    All files are parsed before any is written (the caller passes parsed files), so a syntax error in one
    file leaves every file untouched.
    """
    changed: list[str] = []
    for source in files:
        text = canonical_turtle(source.graph)
        if text != source.text:
            changed.append(source.relative)
            if not check:
                write_atomically(source.path, text)
    return FmtResult(changed, len(files))
