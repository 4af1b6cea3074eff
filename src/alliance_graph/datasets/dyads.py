"""ATOP-style dyad-years: one row per pair of states and year in which they share an alliance, with its
obligation flags (ATOP codebook v5.0, section 2.6), continued past the data's last year from the curated graph.

Up to the last year of ATOP's member-level file (2016 in v4.01) the rows come from that file, read through the
importer's checks; after it, from the curated graph's party facts (obligations on the agreement or its
provisions; mutual assistance counts as defence). Columns are documented in ``docs/dyad-years.md``.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from alliance_graph import iris
from alliance_graph.api import KnowledgeGraph
from alliance_graph.datasets.atop import DATES_ENT, DATES_EXIT, MEMBER_COLUMNS, MEMBER_FILE, OBLIGATIONS
from alliance_graph.datasets.cowstates import StateIndex, read_states
from alliance_graph.datasets.csvrows import read_rows
from alliance_graph.datasets.emit import Curated
from alliance_graph.errors import QueryError
from alliance_graph.queries.rows import Rows

FLAGS = ("defense", "offense", "neutral", "nonagg", "consul")
COLUMNS = ("dyad", "mem1", "mem2", "state1", "state2", "year", "atopally", *FLAGS, "shareob", "transyr",
           "bilatno", "multino", "number", "alliances", "source")
#: obligation concept (last IRI segment) -> ATOP flag, for curated facts
CURATED_FLAGS = {"defence": "defense", "mutual-assistance": "defense", "offence": "offense",
                 "neutrality": "neutral", "non-aggression": "nonagg", "consultation": "consul"}
FAR = datetime.date(9999, 12, 31)


@dataclass(frozen=True)
class Spell:
    """One state's membership of one alliance (phase) with its obligations."""

    alliance: str
    code: int
    start: datetime.date
    end: datetime.date
    flags: frozenset[str]


@dataclass
class DyadYear:
    """The alliances a pair shares in a year."""

    alliances: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)
    sizes: dict[str, int] = field(default_factory=dict)
    partial: bool = False


def atop_spells(datasets: Path) -> tuple[list[Spell], int]:
    """Spells from ATOP's member-level file (rows checked as by the importer) and its last year."""
    states: StateIndex = read_states(datasets, Curated())
    spells: list[Spell] = []
    last = 0
    for row in read_rows(datasets / MEMBER_FILE, MEMBER_FILE, MEMBER_COLUMNS):
        states.state(row, "member")
        start = row.date(*DATES_ENT, first=1815, last=2018)
        end = row.date(*DATES_EXIT, first=1815, last=2018)
        assert start is not None
        last = max(last, start.date.year, end.date.year if end else 0)
        flags = frozenset(column for column in OBLIGATIONS if row.flag(column))
        spells.append(Spell(row.text("atopid"), row.integer("member"), start.date, end.date if end else FAR, flags))
    return spells, last


_CURATED = """
SELECT ?agreement ?code ?start ?end ?terminated ?obl WHERE {
  ?p a ag:AgreementParty ; ag:agreement ?agreement ; ag:party ?state ; schema:startDate ?start .
  ?state ag:cowCode ?code .
  OPTIONAL { ?p schema:endDate ?end }
  OPTIONAL { ?agreement ag:terminationDate ?terminated }
  FILTER NOT EXISTS { ?agreement ag:neverInForce true }
  { ?agreement ag:obliges ?obl } UNION { ?provision ag:partOf ?agreement ; ag:obliges ?obl }
} ORDER BY ?agreement ?code ?start
"""


def curated_spells(kg: KnowledgeGraph) -> list[Spell]:
    """Spells from the curated graph: party facts of agreements that create an ATOP-type obligation."""
    rows = kg.query(_CURATED)
    assert isinstance(rows, Rows)
    grouped: dict[tuple[str, int, datetime.date, datetime.date], set[str]] = defaultdict(set)
    for row in rows:
        flag = CURATED_FLAGS.get(str(row["obl"]).rsplit("/", 1)[-1])
        ends = [d for d in (row["end"], row["terminated"]) if isinstance(d, datetime.date)]
        start = row["start"]
        assert isinstance(start, datetime.date)
        key = (iris.compact(str(row["agreement"])), int(str(row["code"])), start, min(ends, default=FAR))
        if flag:
            grouped[key].add(flag)
    return [Spell(a, c, s, e, frozenset(f)) for (a, c, s, e), f in grouped.items() if f]


def dyad_years(spells: Iterable[Spell], first_year: int, last_year: int) -> dict[tuple[int, int, int], DyadYear]:
    """Pairs of spells of one alliance that overlap, spread over the years ``first_year``..``last_year``."""
    by_alliance: dict[str, list[Spell]] = defaultdict(list)
    for spell in spells:
        by_alliance[spell.alliance].append(spell)
    out: dict[tuple[int, int, int], DyadYear] = defaultdict(DyadYear)
    for alliance, members in by_alliance.items():
        size = len({m.code for m in members})
        for a, b in combinations(members, 2):
            if a.code == b.code:
                continue
            start, end = max(a.start, b.start), min(a.end, b.end)
            if start > end:
                continue
            for year in range(max(start.year, first_year), min(end.year, last_year) + 1):
                cell = out[(min(a.code, b.code), max(a.code, b.code), year)]
                cell.alliances.add(alliance)
                cell.flags |= a.flags | b.flags
                cell.sizes[alliance] = size
                cell.partial |= start.year == year or (end != FAR and end.year == year)
    return out


def _rows(cells: dict[tuple[int, int, int], DyadYear], names: dict[int, str], source: str) -> list[list[object]]:
    lines: list[list[object]] = []
    for (one, two, year), cell in sorted(cells.items()):
        flags = [int(flag in cell.flags) for flag in FLAGS]
        bilateral = sum(1 for size in cell.sizes.values() if size <= 2)
        lines.append([one * 1000 + two, one, two, names.get(one, ""), names.get(two, ""), year, 1, *flags,
                      1 if not any(flags) else "", int(cell.partial), bilateral, len(cell.alliances) - bilateral,
                      len(cell.alliances), " ".join(sorted(cell.alliances)), source])
    return lines


def export_dyad_years(kg: KnowledgeGraph, datasets: Path, state: str | None = None,
                      until: int | None = None) -> tuple[str, int]:
    """The dyad-year CSV text and its number of rows.

    Args:
        kg: the curated graph (for the years after the data's last year).
        datasets: the shared datasets folder (ATOP and the COW state list).
        state: only dyads with this state (a CURIE or IRI with an ``ag:cowCode``).
        until: last year (default: this year).

    Raises:
        QueryError: the state has no COW code.
        DatasetError: a bad dataset row (file:line:column).
    """
    atop, last = atop_spells(datasets)
    names = read_states(datasets, Curated()).names
    cells = dyad_years(atop, 1815, last)
    later = dyad_years(curated_spells(kg), last + 1, until or datetime.date.today().year)
    lines = _rows(cells, names, "atop4_01m") + _rows(later, names, "curated")
    if state is not None:
        code = kg.query("SELECT ?state ?code WHERE { ?state ag:cowCode ?code }", state=state)
        if not isinstance(code, Rows) or not len(code):
            raise QueryError(f"{state} has no COW code in the graph")
        wanted = int(str(code[0]["code"]))
        lines = [line for line in lines if wanted in (line[1], line[2])]
    lines.sort(key=lambda line: (int(str(line[0])), int(str(line[5]))))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(lines)
    return buffer.getvalue(), len(lines)
