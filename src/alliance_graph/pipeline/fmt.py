"""Graph -> canonical Turtle, so that diffs of data files show only real changes."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from alliance_graph import iris
from alliance_graph.load import SourceFile


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


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory and a rename."""
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
