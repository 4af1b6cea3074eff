"""Data + shapes -> SHACL results, from one of two engines that give the same results on our shapes.

- ``rudof`` (default when installed): pyrudof, a Rust engine; about five times faster than pySHACL here.
- ``pyshacl``: the reference engine, and the fallback where no pyrudof wheel exists.

Both validate the data with the ontology mixed in (so ``sh:targetClass`` reaches subclasses) and no inference.
Results are reported the same way whatever the engine: the focus node, the path, the severity, the *named* node
shape (a property shape is named by the node shape that holds it) and the shape's ``sh:message`` where it has one.
pyrudof names property shapes by blank node, so its shapes graph is given with every property shape skolemized
to an IRI that maps back to its node shape and message. ``tests/test_shapes.py`` runs both engines on the curated
data and on every invalid example and requires identical results, messages included.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from alliance_graph import iris
from alliance_graph.errors import BuildError
from alliance_graph.pipeline.load import rdflib_graph

ENGINES = ("rudof", "pyshacl")
_SKOLEM = "urn:alliance-graph:shape:"


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL result, engine-neutral: IRIs in full, the named shape behind it, the message to show."""

    focus: str
    path: str
    severity: str
    shape: str
    message: str


def default_engine() -> str:
    """``rudof`` when pyrudof is importable, else ``pyshacl``."""
    return "rudof" if importlib.util.find_spec("pyrudof") is not None else "pyshacl"


def validate(data: Iterable[ox.Quad], ontology: Iterable[ox.Quad], shapes: Graph,
             engine: str | None = None) -> list[ShapeResult]:
    """Validate the data (with the ontology mixed in) against ``shapes`` with ``engine`` (default: see
    :func:`default_engine`).

    Raises:
        BuildError: the engine could not read the shapes or the data.
    """
    engine = engine or default_engine()
    if engine == "rudof":
        return _rudof(data, ontology, shapes)
    if engine == "pyshacl":
        return _pyshacl(data, ontology, shapes)
    raise BuildError(f"unknown SHACL engine '{engine}' (one of: {', '.join(ENGINES)})")


def _named_shape(shapes: Graph, shape: Node | None) -> str:
    """The named node shape behind a (possibly blank) property shape."""
    if isinstance(shape, URIRef) and not str(shape).startswith(_SKOLEM):
        return iris.compact(str(shape))
    for parent in shapes.subjects(SH.property, shape):
        if isinstance(parent, URIRef):
            return iris.compact(str(parent))
    return "shape"


def _shape_message(shapes: Graph, shape: Node) -> str | None:
    message = shapes.value(shape, SH.message)
    return str(message) if isinstance(message, Literal) else None


def _severity(value: object) -> str:
    text = str(value or "Violation").strip("<>")
    return text.rsplit("#", 1)[-1].rsplit(":", 1)[-1]


def _pyshacl(data: Iterable[ox.Quad], ontology: Iterable[ox.Quad], shapes: Graph) -> list[ShapeResult]:
    from pyshacl import validate as shacl_validate

    _conforms, report, _text = shacl_validate(
        rdflib_graph(data), shacl_graph=shapes, ont_graph=rdflib_graph(ontology), inference="none",
        abort_on_first=False, allow_warnings=True, meta_shacl=False, advanced=False,
    )
    if not isinstance(report, Graph):  # pySHACL could not run the shapes (a broken shapes file)
        raise BuildError(f"pySHACL could not validate: {report}", file="ontology/shapes.ttl")
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        source = report.value(result, SH.sourceShape)
        results.append(ShapeResult(
            focus=str(report.value(result, SH.focusNode)),
            path=str(path) if isinstance(path, URIRef) else "",
            severity=_severity(report.value(result, SH.resultSeverity)),
            shape=_named_shape(shapes, source),
            message=str(report.value(result, SH.resultMessage) or "fails its shape"),
        ))
    return results


def _skolemized(shapes: Graph) -> tuple[Graph, dict[str, Node]]:
    """A copy of ``shapes`` whose blank property shapes are IRIs; and each such IRI -> the original node."""
    names: dict[Node, Node] = {}
    for number, node in enumerate(sorted(o for o in shapes.objects(None, SH.property) if isinstance(o, BNode))):
        names[node] = URIRef(f"{_SKOLEM}{number}")
    copy = Graph(bind_namespaces="none")
    for s, p, o in shapes:
        copy.add((names.get(s, s), p, names.get(o, o)))
    return copy, {str(iri): node for node, iri in names.items()}


def _rudof(data: Iterable[ox.Quad], ontology: Iterable[ox.Quad], shapes: Graph) -> list[ShapeResult]:
    import pyrudof

    skolemized, originals = _skolemized(shapes)
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    triples = [ox.Triple(q.subject, q.predicate, q.object) for quads in (ontology, data) for q in quads]
    try:
        rudof.read_data(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(),  # type: ignore[union-attr]
                        format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
        rudof.read_shacl(skolemized.serialize(format="nt"), format=pyrudof.ShaclFormat.NTriples,
                         reader_mode=pyrudof.ReaderMode.Strict)
        report = rudof.validate_shacl()
    except pyrudof.RudofError as err:
        raise BuildError(f"pyrudof could not validate: {err}", file="ontology/shapes.ttl") from err
    results = []
    for entry in report.violations:
        source_iri = str(entry.source_shape or "").strip("<>")
        source: Node = originals.get(source_iri, URIRef(source_iri))
        message = _shape_message(shapes, source)
        if message is None:
            message = str(entry.message or "fails its shape").strip('"')
        results.append(ShapeResult(
            focus=str(entry.focus_node).strip("<>"),
            path=str(entry.path or "").strip("<>"),
            severity=_severity(entry.severity),
            shape=_named_shape(shapes, source),
            message=message,
        ))
    return results
