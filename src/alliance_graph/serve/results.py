"""Result tables a person can read: IRIs by their label and linked to their page, ``?sources`` lists as titled
links, dates at their precision, datatypes and languages on hover only; a form above to edit and rerun the query;
errors as HTML pages that keep the query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.queries.catalogue import NamedQuery
from alliance_graph.queries.dates import DATED_NODES, DatePrecisions, precision_name
from alliance_graph.serve.pages import _XSD, HTML_ROWS, Cell, Term, _query_view, local_path, render, safe_href

#: The English label (else any label, else a title) of each IRI in ``?items``, for showing it by name.
LABELS = """
SELECT ?item (SAMPLE(?en) AS ?english) (SAMPLE(?any) AS ?label) (SAMPLE(?t) AS ?title) WHERE {
  VALUES ?item { %s }
  OPTIONAL { ?item rdfs:label ?en FILTER (LANGMATCHES(LANG(?en), "en")) }
  OPTIONAL { ?item rdfs:label ?any }
  OPTIONAL { ?item dcterms:title|schema:name ?t }
}
GROUP BY ?item
"""
#: At most this many IRIs of one result are looked up by label.
MAX_LOOKUPS = 3000
_PRECISION_LENGTH = {"year": 4, "month": 7}


@dataclass
class Lookup:
    """What a worker knows beyond the result itself: names of IRIs, and the graph's flagged dates (read once)."""

    store: ox.Store
    _precisions: DatePrecisions | None = None
    names: dict[str, str] = field(default_factory=dict)

    def precisions(self) -> DatePrecisions:
        if self._precisions is None:
            results = self.store.query(DATED_NODES, use_default_graph_as_union=True)
            assert isinstance(results, ox.QuerySolutions)
            self._precisions = DatePrecisions(
                tuple(None if s[v] is None else s[v].value for v in ("node", "date", "precision", "link"))  # type: ignore[misc]
                for s in results
            )
        return self._precisions

    def label(self, wanted: set[str]) -> dict[str, str]:
        """The name of each IRI in ``wanted`` that has one (English label, else any label, else its title)."""
        missing = sorted(i for i in wanted if i not in self.names)[:MAX_LOOKUPS]
        if missing:
            values = " ".join(f"<{i}>" for i in missing if ">" not in i and " " not in i)
            results = self.store.query(
                LABELS % values, use_default_graph_as_union=True, prefixes=dict(iris.PREFIXES)
            )
            assert isinstance(results, ox.QuerySolutions)
            for s in results:
                item, best = s["item"], s["english"] or s["label"] or s["title"]
                if item is not None and best is not None:
                    self.names[item.value] = best.value
            for i in missing:
                self.names.setdefault(i, "")
        return {i: self.names[i] for i in wanted if self.names.get(i)}


def _iris_in(term: Term | None) -> list[str]:
    if isinstance(term, ox.NamedNode):
        return [term.value]
    if isinstance(term, ox.Literal) and term.value.startswith(("http://", "https://")) and not term.language:
        parts = term.value.split(" ")
        if all(p.startswith(("http://", "https://")) for p in parts):
            return parts
    return []


def readable(term: Term | None, names: dict[str, str], precision: str = "day") -> list[Cell]:
    """How a result term is shown: IRIs (alone or in a space-separated list) by name and linked, each with its
    IRI on hover; a literal as its value, datatype or language on hover; a date to its precision.

    >>> be = "https://w3id.org/alliance-graph/id/state/belgium"
    >>> readable(ox.NamedNode(be), {be: "Belgium"})[0].text
    'Belgium'
    >>> readable(ox.Literal("12", datatype=ox.NamedNode(_XSD + "integer")), {})
    [Cell(text='12', href=None, title='xsd:integer', note=None)]
    >>> readable(ox.Literal("1995-01-01", datatype=ox.NamedNode(_XSD + "date")), {}, "year")[0].text
    '1995'
    """
    if term is None:
        return [Cell("")]
    links = _iris_in(term)
    if links:
        return [
            Cell(names.get(i) or iris.compact(i), local_path(i) or safe_href(i), f"{iris.compact(i)} · {i}")
            for i in links
        ]
    if isinstance(term, ox.BlankNode):
        return [Cell(f"_:{term.value}")]
    if isinstance(term, ox.Triple):
        return [Cell(str(term))]
    if isinstance(term, ox.NamedNode):  # pragma: no cover - handled above
        return [Cell(term.value)]
    if term.language:
        return [Cell(term.value, title=f"@{term.language}")]
    datatype = term.datatype.value
    if datatype == _XSD + "anyURI":
        return [Cell(term.value, safe_href(term.value), "xsd:anyURI")]
    if datatype == _XSD + "date" and precision in _PRECISION_LENGTH:
        known = _PRECISION_LENGTH[precision]
        return [Cell(term.value[:known], title=f"xsd:date {term.value}, known to the {precision}")]
    if datatype in (_XSD + "string", _XSD + "date"):
        return [Cell(term.value)]
    return [Cell(term.value, title=iris.compact(datatype))]


def _form(query: str, named: NamedQuery | None, values: dict[str, str]) -> dict[str, Any]:
    if named is None:
        return {"sparql": query}
    view = _query_view(named)
    for param in view["parameters"]:
        if param["name"] in values:
            param["example"] = values[param["name"]]
    return {"question": view}


def solutions_page(
    solutions: ox.QuerySolutions,
    title: str,
    query: str,
    lookup: Lookup,
    named: NamedQuery | None = None,
    values: dict[str, str] | None = None,
) -> bytes:
    """A SELECT result as a readable HTML table (at most :data:`HTML_ROWS` rows shown, the rest counted), with
    the form that asked it above."""
    columns = [v.value for v in solutions.variables]
    kept: list[dict[str, Term | None]] = []
    total = 0
    for solution in solutions:
        total += 1
        if total <= HTML_ROWS:
            kept.append({c: solution[c] for c in columns})
    names = lookup.label({i for row in kept for t in row.values() for i in _iris_in(t)})
    rows: list[list[list[Cell]]] = []
    for row in kept:
        row_iris = {i for t in row.values() for i in _iris_in(t)}
        cells = []
        for c in columns:
            term = row[c]
            precision = "day"
            if isinstance(term, ox.Literal) and term.datatype.value == _XSD + "date" and term.value.endswith("-01"):
                flag = row.get(c + "Precision")
                if isinstance(flag, ox.NamedNode | ox.Literal):
                    precision = precision_name(flag.value)
                else:
                    precision = lookup.precisions().resolve(term.value, row_iris)
            cells.append(readable(term, names, precision))
        rows.append(cells)
    return render(
        "results.html", title=title, query=query, columns=columns, rows=rows, total=total, boolean=None,
        form=_form(query, named, values or {}), error=None,
    )  # fmt: skip


def boolean_page(value: bool, title: str, query: str, named: NamedQuery | None = None) -> bytes:
    """An ASK result as HTML, with the form that asked it."""
    return render(
        "results.html", title=title, query=query, columns=[], rows=[], total=0, boolean=value,
        form=_form(query, named, {}), error=None,
    )  # fmt: skip


def triples_page(triples: list[ox.Triple], title: str, query: str, lookup: Lookup) -> bytes:
    """A CONSTRUCT or DESCRIBE result as an HTML table of subject, predicate, object, named and linked."""
    shown = triples[:HTML_ROWS]
    names = lookup.label({i for t in shown for term in (t.subject, t.predicate, t.object) for i in _iris_in(term)})
    rows = [[readable(t.subject, names), readable(t.predicate, names), readable(t.object, names)] for t in shown]
    return render(
        "results.html", title=title, query=query, columns=["subject", "predicate", "object"], rows=rows,
        total=len(triples), boolean=None, form=_form(query, None, {}), error=None,
    )  # fmt: skip


def error_page(
    message: str, query: str, named: NamedQuery | None = None, values: dict[str, str] | None = None
) -> bytes:
    """An error as HTML: the message (the parser's, with line and column) above the form, the query kept in it."""
    return render(
        "results.html", title="The query could not run", query=query, columns=[], rows=[], total=0, boolean=None,
        form=_form(query, named, values or {}), error=message,
    )  # fmt: skip
