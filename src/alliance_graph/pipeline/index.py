"""The name index (``queries/find.py``), built from the store with it and saved beside it as ``names.json``."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.errors import BuildError
from alliance_graph.files import write_atomically
from alliance_graph.queries.find import DATES, LABELS, LINKS, TYPES, NameIndex

#: The index file, in the build directory next to the store.
INDEX_FILE = "names.json"
VERSION = 1


def _select(store: ox.Store, query: str) -> list[ox.QuerySolution]:
    results = store.query(query, use_default_graph_as_union=True, prefixes=dict(iris.PREFIXES))
    assert isinstance(results, ox.QuerySolutions)
    return list(results)


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str | None:
    return None if term is None else getattr(term, "value", str(term))


def build_index(store: ox.Store) -> NameIndex:
    """The name index of every labelled thing and term in ``store``."""
    labels = [
        (str(_text(s["s"])), str(_text(s["p"])), str(_text(s["label"])), getattr(s["label"], "language", None) or "")
        for s in _select(store, LABELS)
    ]
    types = [(str(_text(s["s"])), str(_text(s["type"]))) for s in _select(store, TYPES)]
    dates = [
        (str(_text(s["s"])), str(_text(s["p"])), str(_text(s["date"])), _text(s["precision"]))
        for s in _select(store, DATES)
    ]
    links = {str(_text(s["s"])): int(str(_text(s["links"]))) for s in _select(store, LINKS)}
    return NameIndex.from_rows(labels, types, dates, links)


def write_index(index: NameIndex, build_dir: Path) -> Path:
    """Save ``index`` as ``build_dir/names.json`` (atomically); return the path."""
    path = build_dir / INDEX_FILE
    data = {"version": VERSION, "entries": index.to_json()}
    write_atomically(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path


def read_index(build_dir: Path) -> NameIndex | None:
    """The index saved in ``build_dir``, or None if there is none (or it is from another version).

    Raises:
        BuildError: the file is there but cannot be read.
    """
    path = build_dir / INDEX_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        message = f"cannot read the name index: {err}; run alliance-graph build --force"
        raise BuildError(message, file=str(path)) from err
    if data.get("version") != VERSION:
        return None
    return NameIndex.from_json(data["entries"])
