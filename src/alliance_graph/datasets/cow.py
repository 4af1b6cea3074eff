"""COW Formal Alliances v4.1 (by member) -> agreements and party facts with COW's alliance types.

Mapping (COW Formal Alliances codebook v4.1):

- each alliance (``version4id``) is an ``ag:Agreement`` (``agreement:cow-<id>``, or the curated node whose
  ``ag:cowAllianceId`` it is), with ``ag:signatureDate`` from ``all_st_*`` and ``ag:terminationDate`` from
  ``all_end_*`` (absent when empty: in force at the end of the data, 2012);
- each row (one state's spell in one alliance) is an ``ag:AgreementParty`` from ``mem_st_*`` to ``mem_end_*``
  (absent when empty, ``right_censor`` 1: still a member), with ``ag:obliges`` for each type coded 1:
  ``defense`` -> defence, ``neutrality`` -> neutrality, ``nonaggression`` -> non-aggression, ``entente`` ->
  consultation (COW's entente is a promise to consult in a crisis);
- a (state, agreement) pair the curated graph already has is left to the curated fact.

ATOP's alliance file carries the COW id of the same alliance (``cow4id``); that link is kept on the ATOP node
(``ag:cowAllianceId``), so each dataset's facts keep their own agreement node and source.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.datasets.atop import Report, obligation
from alliance_graph.datasets.cowstates import StateIndex
from alliance_graph.datasets.csvrows import Row, read_rows
from alliance_graph.datasets.emit import (
    DERIVED,
    END,
    LABEL,
    RDF_TYPE,
    START,
    Curated,
    Dataset,
    Emitter,
    ag,
    english,
    integer,
    node,
)

COW_ALLIANCES = Dataset(
    "cow-formal-alliances-4-1",
    "Formal Alliances (v4.1)",
    "4.1",
    "Correlates of War Project",
    "Gibler, Douglas M. 2009. International Military Alliances, 1648-2008. CQ Press.",
    "https://correlatesofwar.org/data-sets/formal-alliances/",
    "2013-01-01",
)
MEMBER_FILE = "cow-alliances/alliance_v4.1_by_member.csv"
FIRST_YEAR, LAST_YEAR = 1816, 2012
#: COW column -> obligation concept.
TYPES = {"defense": "defence", "neutrality": "neutrality", "nonaggression": "non-aggression",
         "entente": "consultation"}
COLUMNS = ("version4id", "ccode", "state_name", "all_st_day", "all_st_month", "all_st_year", "all_end_day",
           "all_end_month", "all_end_year", "ss_type", "mem_st_day", "mem_st_month", "mem_st_year", "mem_end_day",
           "mem_end_month", "mem_end_year", "left_censor", "right_censor", *TYPES)


def _agreement(out: Emitter, cowid: int, rows: list[Row], states: StateIndex) -> ox.NamedNode:
    agreement = node("agreement", f"cow-{cowid}")
    first = rows[0]
    # an alliance may predate the state system (the Anglo-Portuguese alliance of 1386): any year from 1000
    start = first.date("all_st_year", "all_st_month", "all_st_day", first=1000, last=LAST_YEAR)
    end = first.date("all_end_year", "all_end_month", "all_end_day", first=1000, last=LAST_YEAR)
    if start is None:
        raise first.error("all_st_year", "an alliance needs a start year")
    codes = sorted({row.integer("ccode") for row in rows})
    names = sorted(states.name(code) for code in codes)
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    out.add(agreement, RDF_TYPE, ag("Agreement"))
    out.add(agreement, LABEL, english(f"COW alliance {cowid} ({start.date.year}, {first.text('ss_type')}): {shown}"))
    out.add(agreement, ag("cowAllianceId"), integer(cowid))
    out.dated(agreement, ag("signatureDate"), "signaturePrecision", start)
    out.dated(agreement, ag("terminationDate"), "terminationPrecision", end)
    scope = "Bilateral" if len(codes) <= 2 else "Minilateral" if len(codes) <= 6 else "Multilateral"
    out.add(agreement, ag("scope"), ag(scope))
    out.add(agreement, DERIVED, out.row(COW_ALLIANCES, MEMBER_FILE, [("version4id", cowid)]))
    return agreement


def import_cow(datasets: Path, states: StateIndex, curated: Curated) -> tuple[Emitter, Report]:
    """Read the COW by-member file (every row checked first) and return its triples and a report.

    Raises:
        DatasetError: a missing or renamed column, a malformed row, an unknown country code or a date out of
            range, located by file, line and column.
    """
    rows = list(read_rows(datasets / MEMBER_FILE, MEMBER_FILE, COLUMNS))
    by_alliance: dict[int, list[Row]] = {}
    for row in rows:
        states.state(row, "ccode")
        row.date("mem_st_year", "mem_st_month", "mem_st_day", first=FIRST_YEAR, last=LAST_YEAR)
        row.date("mem_end_year", "mem_end_month", "mem_end_day", first=FIRST_YEAR, last=LAST_YEAR)
        for column in TYPES:
            row.flag(column)
        by_alliance.setdefault(row.integer("version4id"), []).append(row)
    out, report = Emitter(), Report()
    out.dataset(COW_ALLIANCES, curated)
    seen: Counter[str] = Counter()
    for cowid, members in sorted(by_alliance.items()):
        found = curated.agreement_by_cow.get(cowid)
        if found:
            agreement = ox.NamedNode(found)
        else:
            agreement = _agreement(out, cowid, members, states)
            report.counts["agreements"] += 1
        for row in members:
            state = states.state(row, "ccode")
            if (agreement.value, state.value) in curated.party_pairs:
                report.curated_pairs.append(f"{iris.compact(state.value)} in {iris.compact(agreement.value)}")
                continue
            start = row.date("mem_st_year", "mem_st_month", "mem_st_day", first=FIRST_YEAR, last=LAST_YEAR)
            if start is None:
                raise row.error("mem_st_year", "a member needs a start year")
            end = row.date("mem_end_year", "mem_end_month", "mem_end_day", first=FIRST_YEAR, last=LAST_YEAR)
            code = row.integer("ccode")
            source = out.row(COW_ALLIANCES, MEMBER_FILE,
                             [("version4id", cowid), ("ccode", code), ("mem_st_year", start.date.year)])
            base = f"{state.value.rsplit('/', 1)[-1]}--{agreement.value.rsplit('/', 1)[-1]}"
            base += "" if found is None else "--cow"  # a curated agreement: say which dataset the fact is from
            seen[f"{base}--{start.date.year}"] += 1
            number = seen[f"{base}--{start.date.year}"]
            party = node("party", f"{base}{f'-{number}' if number > 1 else ''}--{start.date.year}")
            out.add(party, RDF_TYPE, ag("AgreementParty"))
            out.add(party, ag("agreement"), agreement)
            out.add(party, ag("party"), state)
            out.dated(party, START, "startPrecision", start)
            out.dated(party, END, "endPrecision", end)
            for column, concept in TYPES.items():
                if row.flag(column):
                    out.add(party, ag("obliges"), obligation(concept))
            out.add(party, DERIVED, source)
            out.add(party, LABEL, english(f"{states.name(code)}, party to COW alliance {cowid}"))
            report.counts["parties"] += 1
    return out, report
