"""Graph + shapes -> problems: pySHACL for the shapes, SPARQL files for the checks."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from alliance_graph import iris
from alliance_graph.errors import BuildError
from alliance_graph.pipeline.load import Loaded, subject_line
from alliance_graph.queries.catalogue import check_queries, warning_queries

log = logging.getLogger(__name__)


@dataclass(frozen=True, order=True)
class Problem:
    """One failed rule, located: file and line of the node's block, the node, the shape or check, the path."""

    file: str
    line: int
    node: str
    rule: str
    path: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else (self.file or "<graph>")
        path = f" {self.path}:" if self.path else ""
        return f"{where}: {self.node}:{path} {self.message} [{self.rule}]"


def _locate(loaded: Loaded, node: str) -> tuple[str, int]:
    source = loaded.file_of(node)
    if source is None:
        return "", 0
    return source.relative, subject_line(source, node) or 0


def shape_problems(loaded: Loaded) -> list[Problem]:
    """Run pySHACL over the data with the ontology as ``ont_graph`` (no inference); return its results."""
    data = loaded.data_graph()
    _conforms, results, _text = shacl_validate(
        data,
        shacl_graph=loaded.shapes.graph,
        ont_graph=loaded.ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        meta_shacl=False,
        advanced=False,
    )
    if not isinstance(results, Graph):  # pySHACL could not run the shapes (a broken shapes file)
        raise BuildError(f"pySHACL could not validate: {results}", file="ontology/shapes.ttl")
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = str(results.value(result, SH.focusNode))
        path_node = results.value(result, SH.resultPath)
        shape_node = results.value(result, SH.sourceShape)
        severity = results.value(result, SH.resultSeverity)
        message = str(results.value(result, SH.resultMessage) or "fails its shape")
        shape = _shape_name(loaded.shapes.graph, shape_node)
        file, line = _locate(loaded, focus)
        problems.append(
            Problem(
                file=file,
                line=line,
                node=iris.compact(focus),
                rule=shape,
                path=iris.compact(str(path_node)) if isinstance(path_node, URIRef) else "",
                message=message,
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return sorted(set(problems))


def _shape_name(shapes: Graph, shape: object) -> str:
    """The named node shape behind a (possibly blank) property shape."""
    if isinstance(shape, URIRef):
        return iris.compact(str(shape))
    for parent in shapes.subjects(SH.property, shape):  # type: ignore[arg-type]
        if isinstance(parent, URIRef):
            return iris.compact(str(parent))
    return "shape"


def check_problems(loaded: Loaded, store: ox.Store) -> list[Problem]:
    """Run every ``queries/checks/*-violation.rq`` (and ``*-warning.rq``, as warnings) on ``store``; each row is a
    problem (?this, ?message)."""
    problems = []
    warnings = {check.name for check in warning_queries()}
    for check in [*check_queries(), *warning_queries()]:
        solutions = store.query(check.text, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        for solution in solutions:
            this = solution["this"]
            message = solution["message"]
            node = this.value if isinstance(this, ox.NamedNode) else str(this)
            file, line = _locate(loaded, node)
            problems.append(
                Problem(
                    file=file,
                    line=line,
                    node=iris.compact(node),
                    rule=f"checks/{check.name}",
                    path="",
                    message=message.value if isinstance(message, ox.Literal) else check.question,
                    severity="Warning" if check.name in warnings else "Violation",
                )
            )
    return sorted(set(problems))


def violations(problems: list[Problem]) -> list[Problem]:
    """Only the problems that block a build (severity Violation)."""
    return [p for p in problems if p.severity == "Violation"]
