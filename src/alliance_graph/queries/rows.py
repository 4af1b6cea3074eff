"""Query results as rows usable as dicts, as a list, and as a pandas DataFrame."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from alliance_graph import iris

Value = str | int | float | Decimal | bool | datetime.date | None

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


def to_python(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Value:
    """Turn an RDF term into a plain Python value: IRIs and strings to ``str``, dates to ``datetime.date``.

    >>> to_python(ox.Literal("1949-08-24", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
    datetime.date(1949, 8, 24)
    >>> to_python(ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    12
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    datatype = term.datatype.value
    text = term.value
    try:
        if datatype == _XSD + "date":
            return datetime.date.fromisoformat(text)
        if datatype in _INTEGERS:
            return int(text)
        if datatype == _XSD + "decimal":
            return Decimal(text)
        if datatype in (_XSD + "double", _XSD + "float"):
            return float(text)
        if datatype == _XSD + "boolean":
            return text in ("true", "1")
    except ValueError:
        return text
    return text


def compact_value(value: Value) -> Value:
    """Shorten IRIs (and space-separated lists of IRIs, as ``?sources`` columns hold) to CURIEs.

    >>> compact_value("https://w3id.org/alliance-graph/id/source/a https://w3id.org/alliance-graph/id/source/b")
    'source:a source:b'
    """
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return " ".join(iris.compact(part) for part in value.split(" "))
    return value


class Rows(Sequence[dict[str, Value]]):
    """SELECT results: a sequence of dicts (variable -> Python value), with the raw terms kept.

    >>> rows = Rows(["x"], [{"x": ox.Literal("a")}])
    >>> rows[0], len(rows), rows.column("x")
    ({'x': 'a'}, 1, ['a'])
    """

    def __init__(self, columns: list[str], raw: list[dict[str, Any]]) -> None:
        self.columns = columns
        self.raw = raw
        self._dicts = [{c: to_python(r.get(c)) for c in columns} for r in raw]

    @classmethod
    def from_solutions(cls, solutions: ox.QuerySolutions) -> Rows:
        columns = [v.value for v in solutions.variables]
        raw = [{c: s[c] for c in columns} for s in solutions]
        return cls(columns, raw)

    def without(self, columns: set[str]) -> Rows:
        """The same rows without ``columns`` (used to drop echoed query parameters)."""
        keep = [c for c in self.columns if c not in columns]
        return Rows(keep, [{c: r.get(c) for c in keep} for r in self.raw])

    def __len__(self) -> int:
        return len(self._dicts)

    def __getitem__(self, index: int) -> dict[str, Value]:  # type: ignore[override]
        return self._dicts[index]

    def __iter__(self) -> Iterator[dict[str, Value]]:
        return iter(self._dicts)

    def __repr__(self) -> str:
        return f"Rows({len(self)} rows, columns={self.columns})"

    def to_dicts(self) -> list[dict[str, Value]]:
        """The rows as a list of plain dicts."""
        return list(self._dicts)

    def column(self, name: str) -> list[Value]:
        """All values of one variable, in row order."""
        return [row[name] for row in self._dicts]

    def compact(self) -> list[dict[str, Value]]:
        """Rows with IRIs shortened to CURIEs (``organization:nato``), for display and tests."""
        return [{k: compact_value(v) for k, v in row.items()} for row in self._dicts]

    def to_df(self) -> Any:
        """A pandas DataFrame of the rows (needs the ``pandas`` extra).

        Raises:
            ImportError: pandas is not installed, with the command that installs it.
        """
        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise ImportError("Rows.to_df() needs pandas: pip install 'alliance-graph[pandas]'") from err
        return pd.DataFrame(self._dicts, columns=self.columns)
