"""Which graph a server serves: the curated graph alone, or with imported datasets (``serve --with atop,cow``),
each in its named graph with the dataset's title and version, read from the store itself.

>>> served_graph(Path("build/with-atop-cow/store")).summary()  # doctest: +SKIP
'the curated graph + imported atop (version 5.0 ...), cow (version 4.1), cow-states (version 2016)'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.pipeline.store import open_store

#: Where imported named graphs live (``pipeline/imports.py``: ``graph/import/<name>``).
IMPORT_GRAPHS = f"{iris.GRAPH}import/"

#: Each imported graph and the datasets its rows are part of (a handful of rows: 40 ms on the world graph).
IMPORTED_DATASETS = f"""
SELECT ?graph ?dataset ?title ?version WHERE {{
  {{ SELECT DISTINCT ?graph ?dataset WHERE {{
      GRAPH ?graph {{ ?row a ag:DatasetRow ; dcterms:isPartOf ?dataset }}
      FILTER (STRSTARTS(STR(?graph), "{IMPORT_GRAPHS}"))
  }} }}
  OPTIONAL {{ ?dataset dcterms:title ?title }}
  OPTIONAL {{ ?dataset schema:version ?version }}
}}
ORDER BY ?graph ?dataset
"""


@dataclass(frozen=True)
class ImportedGraph:
    """One imported named graph: its name (``atop``), IRI, and the dataset its rows come from."""

    name: str
    graph: str
    dataset: str
    title: str
    version: str | None

    @property
    def curie(self) -> str:
        """The dataset's source node as a CURIE (``source:atop-5-0``)."""
        return iris.compact(self.dataset)

    def describe(self) -> str:
        """The name and the dataset's version: ``cow (version 4.1)`` (the title if the version is not known)."""
        return f"{self.name} (version {self.version})" if self.version else f"{self.name} ({self.title})"


@dataclass(frozen=True)
class ServedGraph:
    """The store a server answers from, and the imported graphs in it (none: the curated graph alone)."""

    store: Path
    imports: tuple[ImportedGraph, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The imported graphs' names, sorted and distinct (``atop``, ``cow``, ``cow-states``)."""
        return tuple(sorted({i.name for i in self.imports}))

    def summary(self) -> str:
        """One line: ``the curated graph`` or ``the curated graph + imported atop (version ...), ...``."""
        if not self.imports:
            return "the curated graph"
        return "the curated graph + imported " + ", ".join(i.describe() for i in self.imports)


def imported_graphs(store: ox.Store) -> tuple[ImportedGraph, ...]:
    """The imported named graphs of ``store``, each with the dataset (title, version) its rows are part of."""
    results = store.query(IMPORTED_DATASETS, prefixes=dict(iris.PREFIXES), use_default_graph_as_union=True)
    assert isinstance(results, ox.QuerySolutions)
    found: list[ImportedGraph] = []
    for row in results:
        graph, dataset, title, version = (row[v] for v in ("graph", "dataset", "title", "version"))
        assert graph is not None and dataset is not None
        found.append(ImportedGraph(
            name=graph.value.removeprefix(IMPORT_GRAPHS),
            graph=graph.value,
            dataset=dataset.value,
            title=title.value if title is not None else iris.compact(dataset.value),
            version=version.value if version is not None else None,
        ))  # fmt: skip
    return tuple(found)


def served_graph(store: Path) -> ServedGraph:
    """What the built store at ``store`` holds: the curated graph, and which imports with their versions.

    Raises:
        OSError: the store cannot be opened.
    """
    return ServedGraph(store, imported_graphs(open_store(store)))
