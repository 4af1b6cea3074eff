"""Dates at the precision they are known: a date known to the year or month is stored as its first day plus a
flag (``ag:startPrecision ag:year``); :class:`PreciseDate` carries that flag so every output prints "1995" or
"2004-03", never "1995-01-01".

A result row rarely holds the node the date belongs to, so :class:`DatePrecisions` finds the flag from the graph:
every dated node and its precision flags (one query, :data:`DATED_NODES`), narrowed by the IRIs in the row when the
same date is known at different precisions on different nodes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from alliance_graph import iris

#: The precisions, coarsest first, by the local name of their ``ag:`` term.
PRECISIONS = ("year", "month", "day")
_LENGTH = {"year": 4, "month": 7, "day": 10}

#: Each dated property and the flag that qualifies it (the pairs ``checks/precision-violation.rq`` checks).
FLAGS: dict[str, str] = {
    "https://schema.org/startDate": iris.DEF + "startPrecision",
    "https://schema.org/endDate": iris.DEF + "endPrecision",
    iris.DEF + "signatureDate": iris.DEF + "signaturePrecision",
    iris.DEF + "entryIntoForceDate": iris.DEF + "entryIntoForcePrecision",
    iris.DEF + "terminationDate": iris.DEF + "terminationPrecision",
    iris.DEF + "referenceDate": iris.DEF + "referencePrecision",
    "https://schema.org/foundingDate": iris.DEF + "foundingPrecision",
    "https://schema.org/dissolutionDate": iris.DEF + "dissolutionPrecision",
    "http://purl.org/dc/terms/issued": iris.DEF + "issuedPrecision",
}

_VALUES = " ".join(f"(<{prop}> <{flag}>)" for prop, flag in FLAGS.items())

#: Every date that could be a year or month (the first of a month), its flag if any, and the IRIs its node points
#: to (to tell apart equal dates of different nodes).
DATED_NODES = f"""
SELECT DISTINCT ?node ?date ?precision ?link WHERE {{
  VALUES (?prop ?flag) {{ {_VALUES} }}
  ?node ?prop ?date .
  FILTER (DATATYPE(?date) = <http://www.w3.org/2001/XMLSchema#date> && DAY(?date) = 1)
  OPTIONAL {{ ?node ?flag ?precision }}
  OPTIONAL {{ ?node ?p ?link FILTER (isIRI(?link)) }}
}}
"""


class PreciseDate(datetime.date):
    """A date and how much of it is known: ``str()`` prints only that part, ``isoformat()`` the stored day.

    It is a :class:`datetime.date`, so it compares, sorts and hashes as the stored day.

    >>> d = PreciseDate(1995, 1, 1, "year")
    >>> str(d), d.isoformat(), d.precision, d == datetime.date(1995, 1, 1)
    ('1995', '1995-01-01', 'year', True)
    >>> f"{PreciseDate(2004, 3, 1, 'month')} to {PreciseDate(2005, 6, 30)}"
    '2004-03 to 2005-06-30'
    """

    precision: str

    def __new__(cls, year: int, month: int = 1, day: int = 1, precision: str = "day") -> PreciseDate:
        if precision not in _LENGTH:
            raise ValueError(f"unknown date precision '{precision}': use one of {', '.join(PRECISIONS)}")
        self = super().__new__(cls, year, month, day)
        self.precision = precision
        return self

    @classmethod
    def of(cls, value: datetime.date, precision: str = "day") -> PreciseDate:
        """``value`` known to ``precision`` (``year``, ``month`` or ``day``)."""
        return cls(value.year, value.month, value.day, precision)

    def __str__(self) -> str:
        return self.isoformat()[: _LENGTH[self.precision]]

    def __repr__(self) -> str:
        return f"PreciseDate({self.year}, {self.month}, {self.day}, {self.precision!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (PreciseDate, (self.year, self.month, self.day, self.precision))

    def to_json(self) -> dict[str, str]:
        """Both the stored ISO day and the precision: ``{"value": "1995-01-01", "precision": "year"}``."""
        return {"value": self.isoformat(), "precision": self.precision}


def precision_name(term: str | None) -> str:
    """``ag:year``/``ag:month`` (as full IRIs, CURIEs or plain words) -> ``year``/``month``; anything else -> ``day``.

    >>> precision_name("https://w3id.org/alliance-graph/def/year"), precision_name("ag:month"), precision_name(None)
    ('year', 'month', 'day')
    """
    if not term:
        return "day"
    local = term.rsplit("/", 1)[-1].rsplit(":", 1)[-1].rsplit("#", 1)[-1]
    return local if local in _LENGTH else "day"


class DatePrecisions:
    """Which precision a date in a result row has, looked up among the graph's flagged dates.

    Built from the rows of :data:`DATED_NODES` as ``(node, date, precision, link)`` strings.

    >>> y = "https://w3id.org/alliance-graph/def/year"
    >>> p = DatePrecisions([("urn:a", "1995-01-01", y, "urn:be"), ("urn:b", "1995-01-01", None, "urn:nl")])
    >>> p.resolve("1995-01-01", {"urn:be"}), p.resolve("1995-01-01", {"urn:nl"}), p.resolve("1996-01-01", set())
    ('year', 'day', 'day')
    """

    def __init__(self, rows: Iterable[tuple[str, str, str | None, str | None]]) -> None:
        self.nodes: dict[str, dict[str, str]] = defaultdict(dict)
        self.links: dict[str, set[str]] = defaultdict(set)
        for node, date, precision, link in rows:
            self.nodes[date][node] = precision_name(precision)
            if link:
                self.links[node].add(link)

    def resolve(self, date: str, row_iris: set[str]) -> str:
        """The precision of ``date`` (ISO) in a row holding ``row_iris``: that of the flagged node the row names or
        points at most; ``day`` when no node flags it or the row cannot tell flagged nodes apart."""
        candidates = self.nodes.get(date)
        if not candidates:
            return "day"
        scores = {node: (3 if node in row_iris else len(self.links[node] & row_iris)) for node in candidates}
        best = max(scores.values())
        if best == 0:
            return "day"
        found = {candidates[node] for node, score in scores.items() if score == best}
        return found.pop() if len(found) == 1 else "day"
