"""Graph + shapes -> problems: a SHACL engine for the shapes (pipeline.shacl), SPARQL files for the checks."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.pipeline import shacl
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


def shape_problems(loaded: Loaded, engine: str | None = None) -> list[Problem]:
    """Validate the data against the shapes, the ontology mixed in, no inference (see :mod:`pipeline.shacl` for
    the engines); each result located by file and line."""
    results = shacl.validate(
        (q for f in loaded.data for q in f.quads),
        (q for f in loaded.ontology for q in f.quads),
        loaded.shapes.graph,
        engine,
    )
    problems = []
    for result in results:
        file, line = _locate(loaded, result.focus)
        problems.append(
            Problem(
                file=file,
                line=line,
                node=iris.compact(result.focus),
                rule=result.shape,
                path=iris.compact(result.path) if result.path else "",
                message=result.message,
                severity=result.severity,
            )
        )
    return sorted(set(problems))


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
