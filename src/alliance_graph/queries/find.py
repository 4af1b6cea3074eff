"""Find things by name: every ``rdfs:label``, ``skos:altLabel`` and ``ag:acronym`` in every language, matched case- and
accent-insensitively, whole names and word starts first.

The index is plain data (:class:`NameIndex`), built from the store at build time (``pipeline/index.py``) and
saved beside it, so a lookup is a scan of a few thousand short strings in memory, not a REGEX over the store.
``queries/find-by-name.rq`` asks the same over SPARQL, for any endpoint.

>>> index = NameIndex([Entry("https://w3id.org/alliance-graph/id/state/belgium", "state", ("ag:State",),
...     (Label("Belgium", "en", "label"), Label("België", "nl", "label")))])
>>> [m.curie for m in index.search("belgie")]
['state:belgium']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from alliance_graph import iris

#: Kinds of things shown before the facts about them, and terms (``/def/``) last.
FACT_KINDS = ("membership", "party", "participation", "figure", "ownership", "position", "rival", "provision")

#: How a label matched, best first.
MATCHES = ("exact", "word", "whole word", "prefix", "word prefix", "substring", "all words")

_LABELS = "http://www.w3.org/2000/01/rdf-schema#label"

#: Every label and alternative label of the project's things and terms.
LABELS = f"""
SELECT ?s ?p ?label WHERE {{
  VALUES ?p {{ rdfs:label skos:altLabel ag:acronym }}
  ?s ?p ?label .
  FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{iris.BASE}"))
}}
"""

#: The types of the project's things.
TYPES = f"""
SELECT ?s ?type WHERE {{
  ?s a ?type .
  FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{iris.BASE}"))
}}
"""

#: The dates that bound a thing (start: start, founding, entry into force, signature, issue, reference date; end:
#: end, dissolution, termination), with their precision flags.
DATES = f"""
SELECT ?s ?p ?date ?precision WHERE {{
  VALUES (?p ?flag) {{
    (schema:startDate ag:startPrecision) (schema:foundingDate ag:foundingPrecision)
    (ag:entryIntoForceDate ag:entryIntoForcePrecision) (ag:signatureDate ag:signaturePrecision)
    (dcterms:issued ag:issuedPrecision) (ag:referenceDate ag:referencePrecision)
    (schema:endDate ag:endPrecision) (schema:dissolutionDate ag:dissolutionPrecision)
    (ag:terminationDate ag:terminationPrecision)
  }}
  ?s ?p ?date .
  OPTIONAL {{ ?s ?flag ?precision }}
  FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{iris.BASE}"))
}}
"""

#: How many statements point at each thing (more: better known, shown first among equal matches).
LINKS = f"""
SELECT ?s (COUNT(*) AS ?links) WHERE {{
  ?x ?p ?s .
  FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{iris.BASE}"))
}}
GROUP BY ?s
"""

#: Date properties in the order they are preferred as a thing's start or end.
STARTS = ("startDate", "foundingDate", "entryIntoForceDate", "signatureDate", "issued", "referenceDate")
ENDS = ("endDate", "dissolutionDate", "terminationDate")


def normalize(text: str) -> str:
    """Text as the index compares it: accents dropped (NFKD), case folded, runs of other characters one space.

    >>> normalize("België"), normalize("Kleine-Brogel"), normalize("  l'OTAN "), normalize("F-35")
    ('belgie', 'kleine brogel', 'l otan', 'f 35')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[^\w]+|_", plain)).strip()


def match_rank(key: str, query: str) -> int | None:
    """How well the normalized label ``key`` matches the normalized ``query`` (index into :data:`MATCHES`), or None.

    >>> [match_rank(k, "otan") for k in ("otan", "otan nato", "agence otan", "otanx", "l otanx", "xotan", "x")]
    [0, 1, 2, 3, 4, 5, None]
    >>> match_rank("benelux customs convention", "customs benelux")
    6
    """
    if not query:
        return None
    if key == query:
        return 0
    if key.startswith(query + " "):
        return 1
    spaced = f" {key} "
    if f" {query} " in spaced:
        return 2
    if key.startswith(query):
        return 3
    if f" {query}" in spaced:
        return 4
    if query in key:
        return 5
    words = query.split()
    if len(words) > 1 and all(f" {w}" in spaced for w in words):
        return 6
    return None


@dataclass(frozen=True)
class Label:
    """One name: its text, language tag (may be empty) and whether it is the ``label`` or an ``alt`` label."""

    text: str
    lang: str
    role: str


@dataclass(frozen=True)
class Entry:
    """A thing in the index: IRI, kind (``organization``; ``term`` for ``/def/``), types (CURIEs), names, dates
    (ISO strings) and their precisions (``year``, ``month``, ``day``), how many statements point at it, and its
    names normalized (``keys``, and all of them in one string, ``blob``, to skip non-matches fast)."""

    iri: str
    kind: str
    types: tuple[str, ...]
    labels: tuple[Label, ...]
    start: str | None = None
    start_precision: str = "day"
    end: str | None = None
    end_precision: str = "day"
    links: int = 0
    keys: tuple[str, ...] = field(default=(), compare=False)
    blob: str = field(default="", compare=False, repr=False)

    @property
    def curie(self) -> str:
        return iris.compact(self.iri)

    @property
    def label(self) -> str:
        """The English ``rdfs:label``, else the first label, else the CURIE."""
        for label in self.labels:
            if label.role == "label" and label.lang == "en":
                return label.text
        return self.labels[0].text if self.labels else self.curie


@dataclass(frozen=True)
class Match:
    """A found thing: the entry, the label that matched and how (:data:`MATCHES`)."""

    entry: Entry
    matched: Label
    how: str

    @property
    def curie(self) -> str:
        return self.entry.curie

    def start(self) -> str | None:
        """The start date at its precision ("1995", "2004-03", "1949-08-24")."""
        return _at(self.entry.start, self.entry.start_precision)

    def end(self) -> str | None:
        """The end date at its precision."""
        return _at(self.entry.end, self.entry.end_precision)

    def to_json(self) -> dict[str, Any]:
        """Plain data: IRI, CURIE, kind, types, label, the matched name, all names, dates at precision."""
        e = self.entry
        return {
            "iri": e.iri,
            "curie": e.curie,
            "kind": e.kind,
            "types": list(e.types),
            "label": e.label,
            "matched": {"text": self.matched.text, "lang": self.matched.lang, "how": self.how},
            "labels": [{"text": lb.text, "lang": lb.lang, "role": lb.role} for lb in e.labels],
            "start": {"value": e.start, "precision": e.start_precision, "text": self.start()} if e.start else None,
            "end": {"value": e.end, "precision": e.end_precision, "text": self.end()} if e.end else None,
        }


def _at(value: str | None, precision: str) -> str | None:
    if value is None:
        return None
    return value[: {"year": 4, "month": 7}.get(precision, 10)]


def kind_of(iri: str) -> str:
    """The kind of a project IRI: the folder after ``/id/`` (``state``), ``term`` under ``/def/``.

    >>> kind_of("https://w3id.org/alliance-graph/id/place/rukla"), kind_of("https://w3id.org/alliance-graph/def/year")
    ('place', 'term')
    """
    if iri.startswith(iris.ID):
        return iri[len(iris.ID) :].split("/", 1)[0]
    return "term"


def _order(entry: Entry) -> int:
    if entry.kind == "term":
        return 2
    return 1 if entry.kind in FACT_KINDS else 0


class NameIndex:
    """The names of every thing, normalized once; :meth:`search` ranks the things a text names."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = []
        for e in entries:
            keys = e.keys or tuple(normalize(lb.text) for lb in e.labels)
            self.entries.append(replace(e, keys=keys, blob="\n".join(keys)))

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, text: str, kind: str | None = None, lang: str | None = None, limit: int = 20) -> list[Match]:
        """The things whose names match ``text``, best first: exact names, then names starting with it, whole words,
        word starts, anywhere, all words in any order; ties go to things before facts before terms, then to the
        thing more statements point at, then the shorter name, then the IRI.

        Args:
            text: what to look for (case, accents and punctuation do not matter).
            kind: only this kind (``organization``, ``place``, ``term``...) or type (``Operation``, ``ag:Operation``).
            lang: only names in this language (``nl``; ``en`` also matches ``en-GB``).
            limit: at most this many matches (0: all).
        """
        query = normalize(text)
        first = query.split(" ")[0]
        wanted = kind.casefold() if kind else None
        found: list[tuple[tuple[int, int, int, int, str], Match]] = []
        for entry in self.entries:
            if first not in entry.blob or (wanted and not _is_kind(entry, wanted)):
                continue
            best: tuple[int, int, Label] | None = None
            for label, key in zip(entry.labels, entry.keys, strict=True):
                if lang and label.lang.split("-")[0].casefold() != lang.casefold():
                    continue
                rank = match_rank(key, query)
                if rank is not None and (best is None or (rank, len(key)) < best[:2]):
                    best = (rank, len(key), label)
            if best is not None:
                order = (best[0], _order(entry), -entry.links, best[1], entry.iri)
                found.append((order, Match(entry, best[2], MATCHES[best[0]])))
        found.sort(key=lambda pair: pair[0])
        matches = [m for _, m in found]
        return matches[:limit] if limit else matches

    def to_json(self) -> list[dict[str, Any]]:
        """The entries as plain data (for the file saved beside the store)."""
        return [
            {
                "iri": e.iri,
                "kind": e.kind,
                "types": list(e.types),
                "labels": [[lb.text, lb.lang, lb.role] for lb in e.labels],
                "keys": list(e.keys),
                "start": e.start,
                "startPrecision": e.start_precision,
                "end": e.end,
                "endPrecision": e.end_precision,
                "links": e.links,
            }
            for e in self.entries
        ]

    @classmethod
    def from_json(cls, data: list[dict[str, Any]]) -> NameIndex:
        """The index :meth:`to_json` saved."""
        return cls(
            [
                Entry(
                    d["iri"],
                    d["kind"],
                    tuple(d["types"]),
                    tuple(Label(*lb) for lb in d["labels"]),
                    d["start"],
                    d["startPrecision"],
                    d["end"],
                    d["endPrecision"],
                    d["links"],
                    tuple(d["keys"]),
                )
                for d in data
            ]
        )

    @classmethod
    def from_rows(
        cls,
        labels: list[tuple[str, str, str, str]],
        types: list[tuple[str, str]],
        dates: list[tuple[str, str, str, str | None]],
        links: dict[str, int] | None = None,
    ) -> NameIndex:
        """The index from the rows of :data:`LABELS` (s, p, text, lang), :data:`TYPES` (s, type), :data:`DATES`
        (s, p, ISO date, precision IRI or None) and :data:`LINKS` (s -> count)."""
        names: dict[str, list[Label]] = {}
        for s, p, text, lang in labels:
            names.setdefault(s, []).append(Label(text, lang, "label" if p == _LABELS else "alt"))
        kinds: dict[str, list[str]] = {}
        for s, t in types:
            kinds.setdefault(s, []).append(iris.compact(t))
        bounds: dict[str, dict[str, tuple[str, str]]] = {}
        for s, p, date, precision in dates:
            local = p.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            level = precision.rsplit("/", 1)[-1] if precision else "day"
            bounds.setdefault(s, {})[local] = (date, level if level in ("year", "month") else "day")
        entries = []
        for s in sorted(names):
            mine = bounds.get(s, {})
            start = next((mine[p] for p in STARTS if p in mine), None)
            end = next((mine[p] for p in ENDS if p in mine), None)
            ordered = sorted(names[s], key=lambda lb: (lb.role != "label", lb.lang != "en", lb.lang, lb.text))
            entries.append(
                Entry(
                    s,
                    kind_of(s),
                    tuple(sorted(kinds.get(s, []))),
                    tuple(ordered),
                    start[0] if start else None,
                    start[1] if start else "day",
                    end[0] if end else None,
                    end[1] if end else "day",
                    (links or {}).get(s, 0),
                )
            )
        return cls(entries)


def _is_kind(entry: Entry, wanted: str) -> bool:
    if entry.kind == wanted:
        return True
    return any(t.casefold() == wanted or t.split(":", 1)[-1].casefold() == wanted for t in entry.types)
