"""Source files -> graphs: parse Turtle with clear errors, one named graph per file."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from alliance_graph import iris
from alliance_graph.errors import ParseError
from alliance_graph.paths import Project

log = logging.getLogger(__name__)

_CHECKED_DATATYPES = {XSD.date, XSD.integer, XSD.decimal, XSD.gYear, XSD.boolean, XSD.anyURI}
_PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w-]*|):\s*<([^>]*)>", re.IGNORECASE)


@dataclass
class SourceFile:
    """One parsed file: its path relative to the project, its text and its triples."""

    path: Path
    relative: str
    text: str
    graph: Graph
    quads: list[ox.Quad] = field(repr=False)

    @property
    def graph_name(self) -> str:
        return iris.graph_iri(self.relative)


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


def _check_literals(graph: Graph, text: str, relative: str) -> None:
    """Reject literals whose lexical form does not fit their datatype (e.g. a malformed date)."""
    for _, predicate, obj in graph:
        if isinstance(obj, Literal) and obj.datatype in _CHECKED_DATATYPES and obj.ill_typed:
            kind = iris.compact(str(obj.datatype))
            raise ParseError(
                f"malformed {kind} literal \"{obj}\" on {iris.compact(str(predicate))}",
                file=relative,
                line=_line_of(text, f'"{obj}"'),
            )


def parse_file(path: Path, relative: str, *, strict_prefixes: bool = True) -> SourceFile:
    """Parse one Turtle file into an rdflib graph and pyoxigraph quads in the file's named graph.

    Raises:
        ParseError: syntax error, undeclared or foreign prefix, or a malformed typed literal; the message
            names the file and line.
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
    graph = Graph(bind_namespaces="none")
    rdflib_term_log = logging.getLogger("rdflib.term")
    previous = rdflib_term_log.level
    rdflib_term_log.setLevel(logging.CRITICAL)
    try:
        graph.parse(data=text, format="turtle")
    except Exception as err:  # pyoxigraph accepted it; rdflib disagrees: still the user's file
        raise ParseError(f"Turtle error: {err}", file=relative) from err
    finally:
        rdflib_term_log.setLevel(previous)
    _check_literals(graph, text, relative)
    blank = next((t for t in graph if any(not isinstance(x, (URIRef, Literal)) for x in t)), None)
    if blank is not None and relative.startswith("data/"):
        raise ParseError("blank nodes are not allowed in data files: give the node an IRI", file=relative,
                         line=_line_of(text, "["))
    return SourceFile(path, relative, text, graph, quads)


def parse_files(project: Project, paths: Iterable[Path], *, strict_prefixes: bool = True) -> list[SourceFile]:
    """Parse several files (see :func:`parse_file`)."""
    return [parse_file(p, project.relative(p), strict_prefixes=strict_prefixes) for p in paths]


@dataclass
class Loaded:
    """Everything a build reads: ontology, shapes and data files, parsed."""

    ontology: list[SourceFile]
    shapes: SourceFile
    data: list[SourceFile]

    @property
    def files(self) -> list[SourceFile]:
        """Ontology and data files (the shapes are kept apart: they are not part of the graph)."""
        return [*self.ontology, *self.data]

    def ontology_graph(self) -> Graph:
        graph = Graph(bind_namespaces="none")
        for source in self.ontology:
            graph += source.graph
        return graph

    def data_graph(self) -> Graph:
        """Union of the data files (no ontology)."""
        graph = Graph(bind_namespaces="none")
        for source in self.data:
            graph += source.graph
        return graph

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
        """The data file that types ``node`` (or, failing that, mentions it as subject)."""
        ref = URIRef(node)
        for source in self.data:
            if (ref, None, None) in source.graph:
                return source
        return None


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
