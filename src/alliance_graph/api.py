"""The Python API: open the graph, ask named questions, run SPARQL."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from alliance_graph import iris
from alliance_graph.errors import QueryError
from alliance_graph.paths import Project, find_project
from alliance_graph.pipeline.build import build, is_current, memory_copy
from alliance_graph.pipeline.imports import normalise, target
from alliance_graph.pipeline.index import build_index, read_index
from alliance_graph.pipeline.load import load_project, to_rdflib
from alliance_graph.pipeline.store import open_store
from alliance_graph.queries.catalogue import NamedQuery, bind, named_queries, parse_error_message, resolve
from alliance_graph.queries.dates import DATED_NODES, DatePrecisions
from alliance_graph.queries.find import Match, NameIndex
from alliance_graph.queries.rows import Rows

log = logging.getLogger(__name__)

Result = Rows | bool | list[ox.Triple]


class KnowledgeGraph:
    """The graph, ready to query: an embedded pyoxigraph store (or a remote SPARQL endpoint).

    Use :func:`open` to get one.
    """

    def __init__(
        self, project: Project, store: ox.Store | None = None, endpoint: str | None = None, in_memory: bool = False
    ) -> None:
        self.project = project
        self._in_memory = in_memory
        self.endpoint = endpoint
        self._store = store
        self._dataset: Dataset | None = None
        self._precisions: DatePrecisions | None = None
        self._names: NameIndex | None = None

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store (embedded mode only)."""
        if self._store is None:
            raise QueryError("this graph is remote; it has no embedded store")
        return self._store

    @property
    def dataset(self) -> Dataset:
        """The graph as an rdflib Dataset: the same quads as the store, in the same named graphs (one per source
        file, one per included import, the derived shortcuts); the default graph is their union.

        Made from the store on first use (a few seconds for the 110k quads of ``include=("atop", "cow")``), then
        kept. Over a remote endpoint, parsed from the project's files instead (curated data, no shortcuts).
        """
        if self._dataset is None:
            if self._store is not None:
                self._dataset = rdflib_dataset(self._store)
            else:
                self._dataset = load_project(self.project).dataset()
        return self._dataset

    def named_queries(self) -> dict[str, NamedQuery]:
        """Every named question, by name."""
        return named_queries()

    def query(self, sparql: str, /, **params: object) -> Result:
        """Run SPARQL text, a query name or a ``.rq`` path with ``params`` bound (never pasted into the text).

        Returns:
            :class:`Rows` for SELECT, ``bool`` for ASK, a list of triples for CONSTRUCT/DESCRIBE.

        Raises:
            QueryError: unknown query or parameter, wrong parameter type, or malformed SPARQL.
        """
        named = resolve(sparql)
        return self._run(named, params)

    def ask(self, name: str, /, **params: object) -> Rows:
        """Run the named question ``name`` and return its rows.

        >>> kg = open()  # doctest: +SKIP
        >>> kg.ask("memberships-on-date", state="state:belgium", date="1960-01-01").compact()  # doctest: +SKIP

        Raises:
            QueryError: unknown name or parameter, or the query is not a SELECT.
        """
        queries = named_queries()
        if name not in queries:
            resolve(name)  # raises with suggestions
        result = self._run(queries[name], params)
        if not isinstance(result, Rows):
            raise QueryError(f"query '{name}' is not a SELECT query")
        return result

    def raw(self, sparql: str, params: dict[str, object], result_format: ox.QueryResultsFormat | ox.RdfFormat) -> bytes:
        """Run a query and serialise its results in a standard format (SPARQL JSON/XML/CSV/TSV, or RDF)."""
        named = resolve(sparql)
        results = self._execute(named, params)
        if isinstance(results, ox.QueryTriples):
            assert isinstance(result_format, ox.RdfFormat)
            out = results.serialize(format=result_format)
        elif isinstance(results, list):  # CONSTRUCT/DESCRIBE on a remote store
            assert isinstance(result_format, ox.RdfFormat)
            out = ox.serialize(results, format=result_format)
        else:
            assert isinstance(result_format, ox.QueryResultsFormat)
            out = results.serialize(format=result_format)
        assert out is not None
        return out

    def _execute(self, named: NamedQuery, params: dict[str, object]) -> Any:
        bindings = bind(named, params)
        if self.endpoint is not None:
            from alliance_graph.pipeline.remote import remote_query

            return remote_query(self.endpoint, named.text, bindings, name=named.name)
        try:
            return self.store.query(
                named.text,
                use_default_graph_as_union=True,
                substitutions=bindings,  # type: ignore[arg-type]
                prefixes=dict(iris.PREFIXES),
            )
        except SyntaxError as err:
            raise QueryError(f"malformed SPARQL in '{named.name}': {parse_error_message(err)}") from err
        except RuntimeError as err:  # e.g. a parameter the query does not project (pyoxigraph binds only those)
            raise QueryError(f"cannot run '{named.name}': {err}; project each parameter in the SELECT") from err

    def names(self) -> NameIndex:
        """The name index: read from the build directory (saved there by the build), else made from the store."""
        if self._names is None:
            saved = read_index(self.project.build_dir) if self._store is not None and not self._in_memory else None
            if saved is None and self.endpoint is not None:
                raise QueryError(
                    "find needs the name index of an embedded store; over an endpoint, ask the named question "
                    "find-by-name (alliance-graph query find-by-name text=...)"
                )
            self._names = saved if saved is not None else build_index(self.store)
        return self._names

    def find(self, text: str, kind: str | None = None, lang: str | None = None, limit: int = 20) -> list[Match]:
        """The things named ``text`` in any language (``rdfs:label`` or ``skos:altLabel``), best match first.

        Case, accents and punctuation do not matter; exact names come first, then names that start with ``text``,
        then whole words, word starts and substrings. Each match has the thing's CURIE, kind, labels and its
        dates at their precision (:meth:`Match.to_json`).

        >>> kg = open()  # doctest: +SKIP
        >>> kg.find("NAVO")[0].curie  # doctest: +SKIP
        'organization:nato'

        Args:
            text: the name, or part of it.
            kind: only things of this kind (``organization``, ``place``...) or type (``Operation``).
            lang: only names in this language (``nl``, ``fr``...).
            limit: at most this many (0: all).

        Raises:
            QueryError: ``text`` is empty, or the graph is remote (use the named question ``find-by-name``).
        """
        if not text.strip():
            raise QueryError("find needs a name to look for, e.g. alliance-graph find 'Admiral Benelux'")
        return self.names().search(text, kind=kind, lang=lang, limit=limit)

    def precisions(self) -> DatePrecisions:
        """The graph's flagged dates, which give each date in a result row its precision (read once)."""
        if self._precisions is None:
            solutions = self._execute(resolve(DATED_NODES), {})
            self._precisions = DatePrecisions(
                tuple(None if s[v] is None else s[v].value for v in ("node", "date", "precision", "link"))  # type: ignore[misc]
                for s in solutions
            )
        return self._precisions

    def _run(self, named: NamedQuery, params: dict[str, object]) -> Result:
        results = self._execute(named, params)
        if isinstance(results, ox.QuerySolutions):
            # pyoxigraph substitutes only projected variables, so queries project their parameters;
            # they are dropped here, the caller knows what it asked.
            rows = Rows.from_solutions(results, self.precisions)
            return rows.without({p.name for p in named.parameters})
        if isinstance(results, ox.QueryBoolean):
            return bool(results)
        if isinstance(results, Rows | bool):
            return results
        return list(results)

    def close(self) -> None:
        """Release the store."""
        self._store = None


def rdflib_dataset(store: ox.Store) -> Dataset:
    """Every quad of ``store`` in an rdflib Dataset, in the same named graphs (default graph: their union),
    with the project's prefixes bound."""
    from rdflib import URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    dataset = Dataset(default_union=True)
    for prefix, namespace in iris.PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    terms: dict[Any, Any] = {}  # IRIs repeat a lot: convert each once

    def term(value: Any) -> Any:
        converted = terms.get(value)
        if converted is None:
            converted = terms[value] = to_rdflib(value)
        return converted

    graphs: dict[Any, Any] = {}
    for quad in store:
        graph = graphs.get(quad.graph_name)
        if graph is None:
            name = quad.graph_name
            graph = graphs[name] = (
                dataset.graph(DATASET_DEFAULT_GRAPH_ID if isinstance(name, ox.DefaultGraph) else URIRef(name.value))
            )
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return dataset


def open(
    root: str | os.PathLike[str] | None = None,
    *,
    in_memory: bool = False,
    endpoint: str | None = None,
    build_dir: str | os.PathLike[str] | None = None,
    include: Sequence[str] | str = (),
) -> KnowledgeGraph:
    """Open the knowledge graph, building it first if the outputs are missing or stale.

    Args:
        root: project directory (default: the checkout you are in, else the data bundled in the package).
        in_memory: query a copy in memory (several times faster than the on-disk store, at the cost of the
            memory) and write nothing: a copy of the current build (from its N-Quads dump), else a build in memory.
        endpoint: query a remote SPARQL endpoint instead (see ``alliance-graph publish``).
        build_dir: where outputs live (default ``build/`` in a checkout, a cache directory otherwise).
        include: imported datasets to add to the curated graph, e.g. ``("atop", "cow")`` or ``"atop,cow"``:
            every state's alliances, in their own named graphs. Run ``alliance-graph import atop`` (or use
            ``alliance_graph.datasets.world.open_world``) first; the outputs go to ``build/with-atop-cow/``.

    Raises:
        ParseError, ValidationFailed: the data could not be built.
        BuildError: an included import has not been run.
    """
    project = find_project(root, build_dir)
    names = normalise(include)
    if endpoint is not None:
        return KnowledgeGraph(project, endpoint=endpoint)
    if in_memory:
        outputs = target(project, names)
        if is_current(project, names):  # a copy of the current build: a fraction of a build's time
            store = memory_copy(open_store(outputs.store_dir), outputs.store_dir)
            return KnowledgeGraph(outputs, store=store, in_memory=True)
        result = build(project, in_memory=True, include=names)
        return KnowledgeGraph(outputs, store=result.store, in_memory=True)
    if not is_current(project, names):
        build(project, include=names)
    outputs = target(project, names)
    return KnowledgeGraph(outputs, store=open_store(Path(outputs.store_dir)))


def rdflib_rows(dataset: Dataset, named: NamedQuery, params: dict[str, object]) -> Iterable[Any]:
    """Run a named query on rdflib's own engine (for comparison and benchmarks); return rdflib's result."""
    from rdflib.plugins.sparql import prepareQuery

    bindings = {k.value: to_rdflib(v) for k, v in bind(named, params).items()}
    prepared = prepareQuery(named.text)
    return dataset.query(prepared, initBindings=bindings)


#: The named queries ``alliance-graph stats`` shows, in order, with a title each.
STATS_QUERIES: dict[str, str] = {
    "counts-per-class": "Things and facts per class",
    "counts-per-section": "Facts per section of the subject",
    "missions-by-framework-and-decade": "Missions with Belgian participation, by framework and decade of start",
    "sources-by-kind": "Sources by kind (government, international organization, press, ...) and how many are weak",
    "graph-totals": "Totals",
}


def stats(kg: KnowledgeGraph) -> dict[str, Rows]:
    """Run each statistics query; return their rows by title."""
    return {title: kg.ask(name) for name, title in STATS_QUERIES.items()}
