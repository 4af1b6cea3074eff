"""Named SPARQL queries (``queries/*.rq``): their headers, parameters, binding and execution."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.errors import QueryError
from alliance_graph.paths import QUERIES_DIR

_XSD = "http://www.w3.org/2001/XMLSchema#"
_HEADER = re.compile(r"^#\s*(Question|Parameters|Returns|Example|Section):\s*(.*)$")
_PARAM = re.compile(r"\?(\w+)\s*\(([^,)]+)(?:,\s*(required|optional))?(?:,\s*default\s+([^)]+))?\)")


@dataclass(frozen=True)
class Parameter:
    """One query parameter: its variable, type (IRI, xsd:date, xsd:integer, xsd:decimal, string), need."""

    name: str
    type: str
    required: bool
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file and what its header says."""

    name: str
    path: Path
    text: str
    question: str
    parameters: tuple[Parameter, ...] = ()
    returns: str = ""
    example: str = ""
    sections: tuple[str, ...] = field(default_factory=tuple)

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith(("#", "PREFIX")))
        match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
        return match.group(1).upper() if match else "SELECT"


def parse_named_query(path: Path, name: str | None = None) -> NamedQuery:
    """Read a ``.rq`` file and its header (``# Question:``, ``# Parameters:``, ``# Returns:``, ``# Example:``).

    Raises:
        QueryError: the file has no ``# Question:`` line or a parameter it declares is malformed.
    """
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            fields[match.group(1)] = match.group(2).strip()
    if "Question" not in fields:
        raise QueryError("query file has no '# Question:' header line", file=path.name, line=1)
    params = []
    declared = fields.get("Parameters", "")
    if declared and declared.lower() not in ("none", "-"):
        for match in _PARAM.finditer(declared):
            pname, ptype, need, default = match.groups()
            params.append(Parameter(pname, ptype.strip(), need != "optional", default.strip() if default else None))
    sections = tuple(s.strip() for s in fields.get("Section", "").split(",") if s.strip())
    return NamedQuery(
        name=name or path.stem,
        path=path,
        text=text,
        question=fields["Question"],
        parameters=tuple(params),
        returns=fields.get("Returns", ""),
        example=fields.get("Example", ""),
        sections=sections,
    )


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named question in ``queries/*.rq`` (not checks or derivations), by name."""
    return {p.stem: parse_named_query(p) for p in sorted(QUERIES_DIR.glob("*.rq"))}


@cache
def check_queries() -> list[NamedQuery]:
    """The ``queries/checks/*-violation.rq`` files: each must return no rows."""
    return [parse_named_query(p) for p in sorted((QUERIES_DIR / "checks").glob("*-violation.rq"))]


@cache
def warning_queries() -> list[NamedQuery]:
    """The ``queries/checks/*-warning.rq`` files: rows are reported as warnings and do not fail the build."""
    return [parse_named_query(p) for p in sorted((QUERIES_DIR / "checks").glob("*-warning.rq"))]


@cache
def derive_queries() -> list[NamedQuery]:
    """The ``queries/derive/*.rq`` CONSTRUCT queries that add shortcut edges."""
    return [parse_named_query(p) for p in sorted((QUERIES_DIR / "derive").glob("*.rq"))]


def statistics_queries() -> list[NamedQuery]:
    """The ``queries/statistics/*.rq`` CONSTRUCT queries that describe the built graph in VoID (its counts)."""
    return [parse_named_query(p) for p in sorted((QUERIES_DIR / "statistics").glob("*.rq"))]


def resolve(query: str) -> NamedQuery:
    """Find a query given as a name, a path to a ``.rq`` file, or SPARQL text.

    Raises:
        QueryError: an unknown name (with the closest known names) or a missing file.
    """
    text = query.strip()
    queries = named_queries()
    if text in queries:
        return queries[text]
    if text.endswith(".rq") and "\n" not in text:
        path = Path(text)
        if not path.is_file():
            raise QueryError(f"no such query file: {text}")
        try:
            return parse_named_query(path)
        except QueryError:
            body = path.read_text(encoding="utf-8")
            return NamedQuery(name=path.stem, path=path, text=body, question="(ad-hoc query file)")
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.IGNORECASE):
        return NamedQuery(name="<sparql>", path=Path("<sparql>"), text=text, question="(ad-hoc query)")
    close = difflib.get_close_matches(text, list(queries), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; 'alliance-graph queries' lists them"
    raise QueryError(f"unknown query '{text}'{hint}")


def convert(param: Parameter, raw: object) -> ox.NamedNode | ox.Literal:
    """Turn a raw parameter value (text from the command line or HTTP, or a Python value) into an RDF term.

    >>> convert(Parameter("state", "IRI", True), "state:belgium")
    <NamedNode value=https://w3id.org/alliance-graph/id/state/belgium>

    Raises:
        QueryError: the value does not fit the declared type.
    """
    if isinstance(raw, (ox.NamedNode, ox.Literal)):
        return raw
    kind = param.type.lower()
    if isinstance(raw, datetime.date):
        raw = raw.isoformat()
    text = str(raw).strip()
    if kind == "iri":
        full = iris.expand(text)
        if full is None:
            raise QueryError(
                f"parameter {param.name}: '{text}' is not an IRI; give a CURIE such as state:belgium or <https://...>"
            )
        return ox.NamedNode(full)
    if kind == "xsd:date":
        try:
            datetime.date.fromisoformat(text)
        except ValueError as err:
            raise QueryError(f"parameter {param.name}: '{text}' is not a date (YYYY-MM-DD)") from err
        return ox.Literal(text, datatype=ox.NamedNode(_XSD + "date"))
    if kind in ("xsd:integer", "integer"):
        if not re.fullmatch(r"[+-]?\d+", text):
            raise QueryError(f"parameter {param.name}: '{text}' is not an integer")
        return ox.Literal(str(int(text)), datatype=ox.NamedNode(_XSD + "integer"))
    if kind in ("xsd:decimal", "decimal"):
        try:
            Decimal(text)
        except InvalidOperation as err:
            raise QueryError(f"parameter {param.name}: '{text}' is not a number") from err
        return ox.Literal(text, datatype=ox.NamedNode(_XSD + "decimal"))
    if kind in ("lang", "language"):
        return ox.Literal(text)
    return ox.Literal(text)


def bind(query: NamedQuery, params: dict[str, object]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """Check ``params`` against the query's declared parameters and convert them to RDF terms.

    Ad-hoc queries (no header) accept any parameter as an IRI if it looks like one, else a string.

    Raises:
        QueryError: unknown parameter, missing required parameter, or a value of the wrong type.
    """
    declared = {p.name: p for p in query.parameters}
    adhoc = query.question.startswith("(ad-hoc")
    bound: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    for name, raw in params.items():
        name = name.lstrip("?$")
        if name not in declared and not adhoc:
            known = ", ".join(declared) or "none"
            raise QueryError(f"query '{query.name}' has no parameter '{name}' (parameters: {known})")
        param = declared.get(name) or Parameter(name, "IRI" if iris.expand(str(raw)) else "string", False)
        bound[ox.Variable(name)] = convert(param, raw)
    for param in query.parameters:
        if ox.Variable(param.name) in bound:
            continue
        if param.default is not None:
            bound[ox.Variable(param.name)] = convert(param, param.default)
        elif param.required:
            raise QueryError(
                f"query '{query.name}' needs parameter '{param.name}' ({param.type}); "
                f"e.g. {query.example or param.name + '=...'}"
            )
    return bound


def parse_error_message(err: SyntaxError) -> str:
    """A one-line message from pyoxigraph's SPARQL syntax error."""
    return " ".join(str(err).split())
