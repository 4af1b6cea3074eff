"""Query results as rows usable as dicts, as a list, and as a pandas DataFrame."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.queries.dates import DatePrecisions, PreciseDate, precision_name

Value = str | int | float | Decimal | bool | datetime.date | None

#: Where a row's dates find their precision: a lookup, or a function that makes it when first needed.
Precisions = DatePrecisions | Callable[[], DatePrecisions] | None

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


def to_python(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Value:
    """Turn an RDF term into a plain Python value: IRIs and strings to ``str``, dates to ``datetime.date``.

    >>> to_python(ox.Literal("1949-08-24", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
    PreciseDate(1949, 8, 24, 'day')
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
            return PreciseDate.of(datetime.date.fromisoformat(text))
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


def _iris_in(raw: dict[str, Any]) -> set[str]:
    """The IRIs a row holds, as terms or in space-separated lists (a ``?sources`` column)."""
    found: set[str] = set()
    for term in raw.values():
        if isinstance(term, ox.NamedNode):
            found.add(term.value)
        elif isinstance(term, ox.Literal) and term.value.startswith(("http://", "https://")):
            found.update(term.value.split(" "))
    return found


def _sorted_list(value: Value) -> Value:
    """A space-separated list of IRIs (a ``GROUP_CONCAT``, as ``?sources`` columns hold) in sorted order: SPARQL
    leaves the order inside a ``GROUP_CONCAT`` to the engine, and it differs between plans and stores.

    >>> _sorted_list("https://w3id.org/b https://w3id.org/a")
    'https://w3id.org/a https://w3id.org/b'
    """
    if isinstance(value, str) and " " in value and value.startswith(("http://", "https://")):
        words = value.split(" ")
        if all(word.startswith(("http://", "https://")) for word in words):
            return " ".join(sorted(words))
    return value


def _row(columns: list[str], raw: dict[str, Any], precisions: Precisions) -> dict[str, Value]:
    """One row as Python values, each date at its precision (``?xPrecision`` column, else looked up)."""
    row = {c: _sorted_list(to_python(raw.get(c))) for c in columns}
    dates = [c for c in columns if isinstance(row[c], PreciseDate)]
    if not dates:
        return row
    row_iris: set[str] | None = None
    for column in dates:
        value = row[column]
        assert isinstance(value, PreciseDate)
        flag = raw.get(column + "Precision")
        if flag is not None:
            row[column] = PreciseDate.of(value, precision_name(flag.value))
        elif precisions is not None:
            if row_iris is None:
                row_iris = _iris_in(raw)
            if isinstance(precisions, DatePrecisions):
                found = precisions.resolve(value.isoformat(), row_iris)
            else:
                found = precisions().resolve(value.isoformat(), row_iris)
            row[column] = PreciseDate.of(value, found)
    return row


class Rows(Sequence[dict[str, Value]]):
    """SELECT results: a sequence of dicts (variable -> Python value), with the raw terms kept.

    Dates are :class:`PreciseDate` values at the precision the graph flags them with: a ``?startPrecision``
    column beside ``?start`` says it, else ``precisions`` (the graph's flagged dates, or a function giving them,
    called only if a row holds a date) does.

    >>> rows = Rows(["x"], [{"x": ox.Literal("a")}])
    >>> rows[0], len(rows), rows.column("x")
    ({'x': 'a'}, 1, ['a'])
    """

    def __init__(
        self, columns: list[str], raw: list[dict[str, Any]], precisions: Precisions = None
    ) -> None:
        self.columns = columns
        self.raw = raw
        self._dicts = [_row(columns, r, precisions) for r in raw]

    @classmethod
    def from_solutions(cls, solutions: ox.QuerySolutions, precisions: Precisions = None) -> Rows:
        columns = [v.value for v in solutions.variables]
        raw = [dict(zip(columns, s, strict=True)) for s in solutions]
        return cls(columns, raw, precisions)

    def without(self, columns: set[str]) -> Rows:
        """The same rows without ``columns`` (used to drop echoed query parameters)."""
        keep = [c for c in self.columns if c not in columns]
        rows = Rows(keep, [])  # the kept values are already converted: copied, not converted again
        rows.raw = [{c: r.get(c) for c in keep} for r in self.raw]
        rows._dicts = [{c: d[c] for c in keep} for d in self._dicts]
        return rows

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

    def to_json(self) -> list[dict[str, Any]]:
        """The rows as JSON-ready dicts: each date as ``{"value": "1995-01-01", "precision": "year"}``."""
        return [
            {k: v.to_json() if isinstance(v, PreciseDate) else v for k, v in row.items()} for row in self._dicts
        ]

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
