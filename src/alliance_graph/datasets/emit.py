"""Triples of an imported dataset, and what the curated graph already says that an import must meet.

:class:`Emitter` collects the triples of one import (pyoxigraph terms, fast enough for every state's alliances)
and writes them as sorted Turtle. :class:`Curated` reads the curated ``data/`` once and answers what an importer
must not duplicate: which node a COW code or an ATOP/COW alliance already has, which party facts are curated, what
a dataset's source node already states.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.datasets.csvrows import Dated
from alliance_graph.errors import ParseError
from alliance_graph.paths import Project

Term = ox.NamedNode | ox.Literal


def ag(name: str) -> ox.NamedNode:
    """A term of our ontology, e.g. ``ag("cowCode")``."""
    return ox.NamedNode(iris.DEF + name)


def term(curie: str) -> ox.NamedNode:
    """A named node from a CURIE with one of the project's prefixes (``prov:wasDerivedFrom``)."""
    full = iris.expand(curie)
    assert full is not None, curie
    return ox.NamedNode(full)


def node(kind: str, slug: str) -> ox.NamedNode:
    """The node of a thing of ``kind`` (see :data:`iris.KINDS`)."""
    return ox.NamedNode(iris.iri(kind, slug))


def slugify(text: str) -> str:
    """An ASCII slug for a name.

    >>> slugify("Côte d'Ivoire"), slugify("St. Kitts and Nevis")
    ('cote-d-ivoire', 'st-kitts-and-nevis')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


RDF_TYPE = term("rdf:type")
LABEL = term("rdfs:label")
DERIVED = term("prov:wasDerivedFrom")
START = term("schema:startDate")
END = term("schema:endDate")
XSD_DATE = term("xsd:date")
XSD_INTEGER = term("xsd:integer")


def date_literal(dated: Dated) -> ox.Literal:
    return ox.Literal(dated.isoformat(), datatype=XSD_DATE)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def english(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


@dataclass(frozen=True)
class Dataset:
    """A dataset cited as a source node: the slug of its node in ``data/sources.ttl`` and what it states."""

    slug: str
    title: str
    version: str
    publisher: str
    citation: str
    url: str
    issued: str

    @property
    def node(self) -> ox.NamedNode:
        return node("source", self.slug)


@dataclass
class Emitter:
    """The triples of one import; every fact cites a dataset row node (:meth:`row`)."""

    triples: set[ox.Triple] = field(default_factory=set)

    def add(self, subject: ox.NamedNode, predicate: ox.NamedNode, obj: Term) -> None:
        self.triples.add(ox.Triple(subject, predicate, obj))

    def dated(self, subject: ox.NamedNode, prop: ox.NamedNode, precision: str, dated: Dated | None) -> None:
        """``subject prop date`` and, below day precision, the precision flag ``ag:<precision>``."""
        if dated is None:
            return
        self.add(subject, prop, date_literal(dated))
        if dated.precision != "day":
            self.add(subject, ag(precision), ag(dated.precision))

    def dataset(self, dataset: Dataset, curated: Curated) -> None:
        """The dataset's source node: what the curated node lacks (the node meets the curated one)."""
        have = curated.source_properties.get(dataset.node.value, set())
        wanted: list[tuple[str, Term]] = [
            ("rdf:type", term("prov:Entity")),
            ("rdf:type", term("schema:Dataset")),
            ("dcterms:title", ox.Literal(dataset.title)),
            ("schema:version", ox.Literal(dataset.version)),
            ("dcterms:publisher", ox.Literal(dataset.publisher)),
            ("dcterms:bibliographicCitation", ox.Literal(dataset.citation)),
            ("schema:url", ox.Literal(dataset.url, datatype=term("xsd:anyURI"))),
            ("dcterms:issued", ox.Literal(dataset.issued, datatype=XSD_DATE)),
            ("ag:sourceKind", ag("DatasetSource")),
        ]
        for prop, value in wanted:
            full = iris.expand(prop) or prop
            if full not in have or (prop == "rdf:type" and isinstance(value, ox.NamedNode)
                                    and value.value not in curated.source_types.get(dataset.node.value, set())):
                self.add(dataset.node, term(prop), value)

    def row(self, dataset: Dataset, file: str, key: list[tuple[str, object]]) -> ox.NamedNode:
        """The node of one dataset row (``ag:DatasetRow``), ``dcterms:isPartOf`` the dataset.

        Its slug joins the dataset slug, the file name and the key values; ``ag:rowKey`` spells the key out.
        """
        stem = slugify(Path(file).stem)
        slug = "--".join([dataset.slug, stem, *(slugify(str(value)) for _, value in key)])
        row = node("source", slug)
        self.add(row, RDF_TYPE, ag("DatasetRow"))
        self.add(row, RDF_TYPE, term("prov:Entity"))
        self.add(row, term("dcterms:isPartOf"), dataset.node)
        self.add(row, ag("datasetFile"), ox.Literal(file))
        self.add(row, ag("rowKey"), ox.Literal("; ".join(f"{column}={value}" for column, value in key)))
        self.add(row, LABEL, english(f"{Path(file).name}, row {', '.join(f'{c}={v}' for c, v in key)}"))
        return row

    def turtle(self) -> str:
        """The triples as Turtle, sorted, with the project's prefixes."""
        data = ox.serialize(sorted(self.triples, key=str), format=ox.RdfFormat.TURTLE, prefixes=dict(iris.PREFIXES))
        assert data is not None
        return data.decode("utf-8")


@dataclass
class Curated:
    """What ``data/`` already says that imports meet: nodes by COW code and alliance id, curated party facts."""

    state_by_code: dict[int, str] = field(default_factory=dict)
    states: set[str] = field(default_factory=set)
    agreement_by_atop: dict[tuple[int, int], str] = field(default_factory=dict)
    agreement_by_cow: dict[int, str] = field(default_factory=dict)
    agreements: set[str] = field(default_factory=set)
    party_pairs: set[tuple[str, str]] = field(default_factory=set)
    source_properties: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    source_types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def agreement_for_atop(self, atopid: int, phase: int) -> str | None:
        """The curated agreement an ATOP alliance phase is (phase 0 and unknown phases fall back to the
        alliance's first crosswalked node)."""
        return self.agreement_by_atop.get((atopid, phase)) or self.agreement_by_atop.get((atopid, -1))


_CURATED_QUERY = """
SELECT ?s ?p ?o WHERE {
  VALUES ?p { ag:cowCode ag:atopId ag:cowAllianceId ag:agreement ag:party rdf:type }
  ?s ?p ?o }
"""


def read_curated(project: Project, crosswalk: dict[str, tuple[int, int, int | None]]) -> Curated:
    """Read ``data/*.ttl`` (pyoxigraph, no checks: the curated build checks them) into :class:`Curated`.

    Args:
        project: the project whose ``data/`` is curated.
        crosswalk: agreement slug -> (ATOP atopid, ATOP phase, COW version4id), as in ``importers.CROSSWALK``.

    Raises:
        ParseError: a data file is not Turtle.
    """
    store = ox.Store()
    for path in project.data_files():
        try:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, OSError) as err:
            raise ParseError(f"cannot read: {err}", file=project.relative(path)) from err
    curated = Curated()
    parties: dict[str, dict[str, str]] = defaultdict(dict)
    results = store.query(_CURATED_QUERY, prefixes=dict(iris.PREFIXES))
    assert isinstance(results, ox.QuerySolutions)
    source_ns = iris.PREFIXES["source"]
    for solution in results:
        s, p, o = solution["s"], solution["p"], solution["o"]
        assert isinstance(s, ox.NamedNode) and isinstance(p, ox.NamedNode)
        name = p.value.removeprefix(iris.DEF)
        value = o.value if isinstance(o, ox.NamedNode | ox.Literal) else ""
        if name == "cowCode":
            curated.state_by_code.setdefault(int(value), s.value)
        elif name == "atopId":
            first = curated.agreement_by_atop.get((int(value), -1))
            curated.agreement_by_atop[(int(value), -1)] = min(filter(None, [first, s.value]))
        elif name == "cowAllianceId":
            previous = curated.agreement_by_cow.get(int(value))
            curated.agreement_by_cow[int(value)] = min(filter(None, [previous, s.value]))
        elif name in ("agreement", "party"):
            parties[s.value][name] = value
        elif value == iris.DEF + "State":
            curated.states.add(s.value)
        elif value.startswith(iris.DEF) and s.value.startswith(iris.PREFIXES["agreement"]):
            curated.agreements.add(s.value)
    for source in store.quads_for_pattern(None, None, None):
        if isinstance(source.subject, ox.NamedNode) and source.subject.value.startswith(source_ns):
            curated.source_properties[source.subject.value].add(source.predicate.value)
            if source.predicate == RDF_TYPE and isinstance(source.object, ox.NamedNode):
                curated.source_types[source.subject.value].add(source.object.value)
    for slug, (atopid, phase, _cowid) in crosswalk.items():
        full = iris.iri("agreement", slug)
        if full in curated.agreements:
            curated.agreement_by_atop[(atopid, phase)] = full
    for fact in parties.values():
        if "agreement" in fact and "party" in fact:
            curated.party_pairs.add((fact["agreement"], fact["party"]))
    return curated
