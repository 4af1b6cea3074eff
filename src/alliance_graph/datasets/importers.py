"""Dataset importers: turn rows of the shared open datasets into dataset-sourced Turtle in ``data/``.

Each importer reads one dataset folder (with its ``SOURCE.txt``) and returns an rdflib graph; ``write_import``
merges it into the data file it owns, canonically. The dataset is the source of every fact it yields.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from alliance_graph import iris
from alliance_graph.datasets.merge import merge_graph, used_state_slugs
from alliance_graph.datasets.sources import (
    AG,
    ATOP,
    COW_ALLIANCES,
    COW_STATES,
    CROSSWALK,
    EU_MEMBER_STATES,
    LABEL_PAGES,
    MEASURE,
    NATO_SPENDING,
    SCHEMA,
    SIPRI_SHARE,
    SIPRI_USD,
    STATES,
)
from alliance_graph.errors import ParseError, QueryError
from alliance_graph.paths import Project


def import_alliance_ids(datasets: Path) -> Graph:
    """ATOP and COW identifiers on the agreements of :data:`CROSSWALK`, each checked against the datasets.

    Raises:
        ParseError: an identifier of the crosswalk is not in the dataset.
    """
    atop_ids = {row["atopid"] for row in _read_csv(datasets / "atop" / "atop5_0a.csv")}
    cow_ids = {row["version4id"] for row in _read_csv(datasets / "cow-alliances" / "alliance_v4.1_by_member.csv")}
    graph = Graph()
    ATOP.add_to(graph)
    COW_ALLIANCES.add_to(graph)
    for slug, (atopid, _phase, cowid) in CROSSWALK.items():
        node = URIRef(iris.iri("agreement", slug))
        if str(atopid) not in atop_ids:
            raise ParseError(f"ATOP alliance {atopid} (for {slug}) is not in atop5_0a.csv")
        graph.add((node, AG.atopId, Literal(atopid, datatype=XSD.integer)))
        graph.add((node, PROV.wasDerivedFrom, ATOP.row(graph, str(atopid), "atop5_0a.csv", f"atopid={atopid}")))
        if cowid is not None:
            if str(cowid) not in cow_ids:
                raise ParseError(f"COW alliance {cowid} (for {slug}) is not in the COW file")
            graph.add((node, AG.cowAllianceId, Literal(cowid, datatype=XSD.integer)))
            graph.add((node, PROV.wasDerivedFrom,
                       COW_ALLIANCES.row(graph, str(cowid), "alliance_v4.1_by_member.csv", f"version4id={cowid}")))
    return graph


def _read_csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    try:
        with path.open(encoding=encoding, newline="") as stream:
            return list(csv.DictReader(stream))
    except FileNotFoundError as err:
        raise ParseError("dataset file not found (is ../shared/datasets beside the project?)", file=str(path)) from err


def cow_codes(datasets: Path) -> dict[int, str]:
    """COW ccode -> COW state name, from ``cow-states/states2016.csv``."""
    rows = _read_csv(datasets / "cow-states" / "states2016.csv")
    return {int(row["ccode"]): row["statenme"] for row in rows}


def import_states(datasets: Path, slugs: Iterable[str]) -> tuple[Graph, list[str]]:
    """State nodes for ``slugs``, each checked against the COW state list and citing it.

    Returns:
        The graph, and the slugs not in :data:`STATES` (states COW does not list, such as the Holy See,
        must be written by hand with a source of their own).

    Raises:
        ParseError: a code in :data:`STATES` is not in the COW list.
    """
    codes = cow_codes(datasets)
    graph = Graph()
    COW_STATES.add_to(graph)
    unknown = sorted(set(slugs) - set(STATES))
    for slug in sorted(set(slugs) & set(STATES)):
        ccode, en, nl, fr, de = STATES[slug]
        if ccode not in codes:
            raise ParseError(f"state:{slug}: COW code {ccode} not in the COW state list")
        node = URIRef(iris.iri("state", slug))
        graph.add((node, RDF.type, AG.State))
        for text, lang in ((en, "en"), (nl, "nl"), (fr, "fr"), (de, "de")):
            graph.add((node, RDFS.label, Literal(text, lang=lang)))
        graph.add((node, AG.cowCode, Literal(ccode, datatype=XSD.integer)))
        graph.add((node, PROV.wasDerivedFrom, COW_STATES.row(graph, slug, "states2016.csv", f"ccode={ccode}")))
        if slug in EU_MEMBER_STATES:
            for page in LABEL_PAGES:
                graph.add((node, PROV.wasDerivedFrom, URIRef(iris.iri("source", page))))
        if codes[ccode] != en:
            graph.add((node, URIRef(iris.PREFIXES["skos"] + "altLabel"), Literal(codes[ccode], lang="en")))
    return graph, unknown


def _figure(graph: Graph, slug: str, of: URIRef, measure: str, value: Decimal, year: int, source: URIRef,
            rank: str, estimated_by: str, unit: str, label: str, rival_of: str | None = None) -> None:
    node = URIRef(iris.iri("figure", slug))
    if rival_of:
        graph.add((node, AG.rivalOf, URIRef(iris.iri("figure", rival_of))))
    graph.add((node, RDF.type, AG.Figure))
    graph.add((node, RDFS.label, Literal(label, lang="en")))
    graph.add((node, AG.figureOf, of))
    graph.add((node, AG.measure, MEASURE[measure]))
    graph.add((node, SCHEMA.value, Literal(value, datatype=XSD.decimal)))
    graph.add((node, SCHEMA.unitText, Literal(unit)))
    graph.add((node, AG.referenceDate, Literal(f"{year}-01-01", datatype=XSD.date)))
    graph.add((node, AG.referencePrecision, AG.year))
    graph.add((node, AG.rank, AG[rank]))
    graph.add((node, AG.estimatedBy, URIRef(iris.iri("organization", estimated_by))))
    graph.add((node, PROV.wasDerivedFrom, source))


def sipri_organization() -> Graph:
    """The SIPRI node the spending figures name as estimator; merged without replacing (labels may be added by
    hand)."""
    graph = Graph()
    usd = SIPRI_USD.add_to(graph)
    institute = URIRef(iris.iri("organization", "sipri"))
    graph.add((institute, RDF.type, URIRef(iris.PREFIXES["org"] + "FormalOrganization")))
    graph.add((institute, RDFS.label, Literal("Stockholm International Peace Research Institute", lang="en")))
    graph.add((institute, URIRef(iris.PREFIXES["skos"] + "altLabel"), Literal("SIPRI", lang="en")))
    graph.add((institute, PROV.wasDerivedFrom, usd))
    return graph


def import_spending(datasets: Path, state: str = "belgium", country: str = "Belgium") -> Graph:
    """Defence expenditure of one state: NATO's share-of-GDP series (preferred), SIPRI's (normal where NATO
    also has the year), and SIPRI's current-US$ series."""
    graph = Graph()
    of = URIRef(iris.iri("state", state))
    nato_years: set[int] = set()
    NATO_SPENDING.add_to(graph)
    nato_file = "nato_defence_expenditure_pct_gdp_2014_2024e.csv"
    for row in _read_csv(datasets / "nato-defence-expenditure" / nato_file):
        if row["Country"] != country:
            continue
        nato = NATO_SPENDING.row(graph, state, nato_file, f"Country={country}")
        for column, text in row.items():
            match = re.fullmatch(r"(\d{4})(e?)", column or "")
            if not match or not text.strip():
                continue
            year, estimate = int(match.group(1)), match.group(2) == "e"
            nato_years.add(year)
            value = Decimal(text.strip()).quantize(Decimal("0.0001"))
            note = " (NATO estimate)" if estimate else ""
            _figure(graph, f"{state}--defence-share-of-gdp--nato--{year}", of, "defence-expenditure-share-of-gdp",
                    value, year, nato, "PreferredRank", "nato", "percent",
                    f"{country} defence expenditure, share of GDP, {year}, NATO{note}")
    SIPRI_SHARE.add_to(graph)
    share_file = "owid_sipri_milex_share_of_gdp.csv"
    for row in _read_csv(datasets / "sipri-milex" / share_file):
        if row["Entity"] != country or not row["Military expenditure (% of GDP)"].strip():
            continue
        year = int(row["Year"])
        sipri = SIPRI_SHARE.row(graph, f"{state}--{year}", share_file, f"Entity={country}; Year={year}")
        value = Decimal(row["Military expenditure (% of GDP)"].strip()).quantize(Decimal("0.0001"))
        rival = f"{state}--defence-share-of-gdp--nato--{year}" if year in nato_years else None
        _figure(graph, f"{state}--defence-share-of-gdp--sipri--{year}", of, "defence-expenditure-share-of-gdp",
                value, year, sipri, "NormalRank" if rival else "PreferredRank", "sipri", "percent",
                f"{country} military expenditure, share of GDP, {year}, SIPRI", rival)
    SIPRI_USD.add_to(graph)
    usd_file = "sipri_milex_current_usd_millions_1949_2018.csv"
    for row in _read_csv(datasets / "sipri-milex" / usd_file, "latin-1"):
        if row["Country"].strip() != country:
            continue
        usd = SIPRI_USD.row(graph, state, usd_file, f"Country={country}")
        for column, text in row.items():
            if not re.fullmatch(r"\d{4}", column or "") or not text.strip():
                continue
            year = int(column)
            _figure(graph, f"{state}--defence-expenditure-usd--sipri--{year}", of, "defence-expenditure",
                    Decimal(text.strip()), year, usd, "PreferredRank", "sipri", "USD million",
                    f"{country} military expenditure in current US$ million, {year}, SIPRI")
    return graph


IMPORTS = ("states", "spending", "alliance-ids")


def run_import(project: Project, what: str, datasets: Path) -> tuple[list[str], list[str]]:
    """Run one import (``states``, ``spending`` or ``alliance-ids``) into ``project``'s data files.

    Returns:
        The data files written, and the state slugs COW does not list (``states`` only).

    Raises:
        QueryError: an unknown import name.
        ParseError: a dataset file is missing or does not hold what the crosswalk expects.
    """
    unknown: list[str] = []
    if what == "states":
        graph, unknown = import_states(datasets, used_state_slugs(project))
        written = merge_graph(project, graph)
    elif what == "spending":
        written = merge_graph(project, import_spending(datasets))
        written += merge_graph(project, sipri_organization(), replace=False)
    elif what == "alliance-ids":
        written = merge_graph(project, import_alliance_ids(datasets), replace=False)
    else:
        raise QueryError(f"unknown import '{what}': use {', '.join(IMPORTS)}")
    return sorted(set(written)), unknown
