"""Source files -> graphs: parse Turtle with clear errors, one named graph per file."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from alliance_graph import iris
from alliance_graph.errors import ParseError
from alliance_graph.paths import Project

log = logging.getLogger(__name__)

_CHECKED_DATATYPES = {str(t) for t in (XSD.date, XSD.integer, XSD.decimal, XSD.gYear, XSD.boolean, XSD.anyURI)}
_XSD_STRING = str(XSD.string)
_PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w-]*|):\s*<([^>]*)>", re.IGNORECASE)


@dataclass
class SourceFile:
    """One parsed file: its path relative to the project, its text and its quads (in the file's named graph).

    The rdflib graph is made from the quads on first use: the build itself needs only the quads.
    """

    path: Path
    relative: str
    text: str
    quads: list[ox.Quad] = field(repr=False)
    _graph: Graph | None = field(default=None, repr=False)

    @property
    def graph_name(self) -> str:
        return iris.graph_iri(self.relative)

    @property
    def graph(self) -> Graph:
        """The file's triples as an rdflib graph (made once, from the quads)."""
        if self._graph is None:
            self._graph = rdflib_graph(self.quads)
        return self._graph

    @property
    def subjects(self) -> set[str]:
        """IRIs of the subjects in this file."""
        return {q.subject.value for q in self.quads if isinstance(q.subject, ox.NamedNode)}


@contextmanager
def _quiet_rdflib_terms() -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal it meets; the loader reports those itself."""
    term_log = logging.getLogger("rdflib.term")
    previous = term_log.level
    term_log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        term_log.setLevel(previous)


def rdflib_graph(quads: Iterable[ox.Quad]) -> Graph:
    """The triples of ``quads`` (graph names dropped) as an rdflib graph, terms as rdflib's parser makes them."""
    graph = Graph(bind_namespaces="none")
    with _quiet_rdflib_terms():
        for quad in quads:
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> Identifier:
    """One pyoxigraph term as the rdflib term rdflib's own Turtle parser would have made."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"no rdflib term for {term!r}")


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _check_prefixes(text: str, relative: str, strict: bool) -> None:
    """Every declared prefix must be one of iris.PREFIXES, bound to the same namespace."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _PREFIX_LINE.match(line)
        if not match:
            continue
        prefix, namespace = match.groups()
        expected = iris.PREFIXES.get(prefix)
        if expected is None and strict:
            raise ParseError(
                f"prefix '{prefix}:' is not one of the project's prefixes (see iris.PREFIXES)",
                file=relative,
                line=number,
            )
        if expected is not None and expected != namespace:
            raise ParseError(
                f"prefix '{prefix}:' is bound to <{namespace}>, expected <{expected}>", file=relative, line=number
            )


def _check_literals(quads: list[ox.Quad], text: str, relative: str) -> None:
    """Reject literals whose lexical form does not fit their datatype (e.g. a malformed date); rdflib's
    datatype parsers decide, for the datatypes the shapes rely on."""
    with _quiet_rdflib_terms():
        ill_typed = next((q for q in quads if isinstance(q.object, ox.Literal)
                          and q.object.datatype.value in _CHECKED_DATATYPES
                          and Literal(q.object.value, datatype=URIRef(q.object.datatype.value)).ill_typed), None)
    if ill_typed is not None and isinstance(ill_typed.object, ox.Literal):
        value = ill_typed.object.value
        kind = iris.compact(ill_typed.object.datatype.value)
        raise ParseError(
            f"malformed {kind} literal \"{value}\" on {iris.compact(str(ill_typed.predicate.value))}",
            file=relative,
            line=_line_of(text, f'"{value}"'),
        )


def parse_file(path: Path, relative: str, *, strict_prefixes: bool = True) -> SourceFile:
    """Parse one Turtle file (pyoxigraph's parser) into quads in the file's named graph.

    Raises:
        ParseError: syntax error, undeclared or foreign prefix, a malformed typed literal, or a blank node in a
            data file; the message names the file and line.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ParseError(f"not UTF-8 ({err.reason} at byte {err.start})", file=relative) from err
    except OSError as err:
        raise ParseError(f"cannot read: {err.strerror}", file=relative) from err
    _check_prefixes(text, relative, strict_prefixes)
    graph_name = ox.NamedNode(iris.graph_iri(relative))
    try:
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, graph_name)
            for t in ox.parse(text, format=ox.RdfFormat.TURTLE)
        ]
    except SyntaxError as err:
        message = str(err)
        message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", message)
        message = re.sub(r"\s*\(.*line \d+\)$", "", message)
        column = f", column {err.offset}" if err.offset else ""
        raise ParseError(f"Turtle syntax error{column}: {message}", file=relative, line=err.lineno) from err
    _check_literals(quads, text, relative)
    if relative.startswith("data/") and any(
        isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads
    ):
        raise ParseError("blank nodes are not allowed in data files: give the node an IRI", file=relative,
                         line=_line_of(text, "["))
    return SourceFile(path, relative, text, quads)


def parse_files(project: Project, paths: Iterable[Path], *, strict_prefixes: bool = True) -> list[SourceFile]:
    """Parse several files (see :func:`parse_file`)."""
    return [parse_file(p, project.relative(p), strict_prefixes=strict_prefixes) for p in paths]


@dataclass
class Loaded:
    """Everything a build reads: ontology, shapes and data files, parsed."""

    ontology: list[SourceFile]
    shapes: SourceFile
    data: list[SourceFile]
    _owners: dict[str, SourceFile] | None = field(default=None, repr=False)

    @property
    def files(self) -> list[SourceFile]:
        """Ontology and data files (the shapes are kept apart: they are not part of the graph)."""
        return [*self.ontology, *self.data]

    def dataset(self) -> Dataset:
        """An rdflib Dataset: one named graph per file, default graph = union of them."""
        dataset = Dataset(default_union=True)
        for prefix, namespace in iris.PREFIXES.items():
            dataset.bind(prefix, namespace, override=True, replace=True)
        for source in self.files:
            named = dataset.graph(URIRef(source.graph_name))
            for triple in source.graph:
                named.add(triple)
        return dataset

    def file_of(self, node: str) -> SourceFile | None:
        """The first data file with ``node`` as a subject (where its block is)."""
        if self._owners is None:
            self._owners = {}
            for source in reversed(self.data):
                self._owners.update(dict.fromkeys(source.subjects, source))
        return self._owners.get(node)


def load_project(project: Project, extra_data: Iterable[Path] = ()) -> Loaded:
    """Parse the ontology, the shapes and every data file of ``project``.

    Raises:
        ParseError: as :func:`parse_file`, for the first bad file.
    """
    if not project.data_files() and not list(extra_data):
        log.warning("no data files in %s", project.data_dir)
    ontology = parse_files(project, project.ontology_files(), strict_prefixes=False)
    shapes = parse_file(project.shapes_file, project.relative(project.shapes_file), strict_prefixes=False)
    data = parse_files(project, [*project.data_files(), *extra_data])
    return Loaded(ontology, shapes, data)


def subject_line(source: SourceFile, node: str) -> int | None:
    """Line where ``node``'s block starts in ``source`` (as a CURIE or <IRI> at the start of a line)."""
    curie = iris.compact(node)
    for number, line in enumerate(source.text.splitlines(), start=1):
        stripped = line.rstrip()
        if stripped == curie or stripped.startswith(curie + " ") or stripped.startswith(f"<{node}>"):
            return number
    return None
