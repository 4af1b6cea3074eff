"""Compare the curated graph with the ATOP and COW alliance datasets, for the alliances they share.

The crosswalk below says which ATOP alliance phase and COW alliance code an agreement of this graph is.
:func:`compare` lists every disagreement on a state's start and end dates, the five ATOP obligations and the
set of parties, with both values and, where the cause is known, why they differ.
"""

from __future__ import annotations

import csv
import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

from alliance_graph import iris
from alliance_graph.api import KnowledgeGraph
from alliance_graph.datasets.sources import CROSSWALK
from alliance_graph.errors import ParseError
from alliance_graph.queries.rows import Rows

#: this graph's obligation kind -> ATOP column
ATOP_OBLIGATIONS = {"defence": "defense", "offence": "offense", "neutrality": "neutral",
                    "non-aggression": "nonagg", "consultation": "consul"}


@dataclass(frozen=True)
class Difference:
    """One disagreement between this graph and a dataset."""

    agreement: str
    field: str
    graph: str
    atop: str
    cow: str
    why: str


def _date(year: str, month: str, day: str) -> str:
    if not year or year in ("0", ""):
        return ""
    y, m, d = int(year), int(month or 1), int(day or 1)
    if m == 0:
        m = 1
    if d == 0:
        d = 1
    return datetime.date(y, m, d).isoformat()


@functools.lru_cache(maxsize=8)
def _read(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))
    except FileNotFoundError as err:
        raise ParseError("dataset file not found (is ../shared/datasets beside the project?)", file=str(path)) from err


def _graph_facts(kg: KnowledgeGraph, slug: str, state: str) -> dict[str, object]:
    agreement = f"agreement:{slug}"
    start = kg.query(
        "SELECT ?agreement ?state ?start ?end ?signed ?inForce ?terminated WHERE {"
        " ?p ag:agreement ?agreement ; ag:party ?state ; schema:startDate ?start ."
        " OPTIONAL { ?p schema:endDate ?end } OPTIONAL { ?agreement ag:signatureDate ?signed }"
        " OPTIONAL { ?agreement ag:entryIntoForceDate ?inForce }"
        " OPTIONAL { ?agreement ag:terminationDate ?terminated } }"
        " ORDER BY ?start",
        agreement=agreement, state=state,
    )
    obligations = kg.query(
        "SELECT ?agreement ?obl WHERE { { ?agreement ag:obliges ?obl } UNION"
        " { ?provision ag:partOf ?agreement ; ag:obliges ?obl } } ORDER BY ?obl",
        agreement=agreement,
    )
    parties = kg.query(
        "SELECT ?agreement ?code WHERE { ?p ag:agreement ?agreement ; ag:party ?s . ?s ag:cowCode ?code }"
        " ORDER BY ?code",
        agreement=agreement,
    )
    assert isinstance(start, Rows) and isinstance(obligations, Rows) and isinstance(parties, Rows)
    row = start[0] if len(start) else {}
    return {
        "start": str(row.get("start") or ""),
        "end": str(row.get("end") or row.get("terminated") or ""),
        "signed": str(row.get("signed") or ""),
        "in_force": str(row.get("inForce") or ""),
        "obligations": {str(r["obl"]).rsplit("/", 1)[-1] for r in obligations},
        "parties": {int(str(r["code"])) for r in parties},
    }


def _why_date(ours: str, theirs: str, facts: dict[str, object], what: str) -> str:
    if theirs and theirs == facts["signed"]:
        return f"the dataset dates the {what} from signature; this graph dates it from entry into force"
    if not ours:
        return "this graph has no date for it"
    if not theirs:
        return "the dataset has no date (still in force when coded, or censored)"
    return "sources disagree; see the sources behind the graph's date"


def compare(kg: KnowledgeGraph, datasets: Path, state: str = "state:belgium", ccode: int = 211) -> list[Difference]:
    """Every disagreement between the graph and ATOP v4.01/v5.0 and COW v4.1 for the shared alliances."""
    member_rows = [r for r in _read(datasets / "atop" / "atop4_01m.csv") if r["member"] == str(ccode)]
    alliance_rows = {r["atopid"]: r for r in _read(datasets / "atop" / "atop5_0a.csv")}
    cow_rows = [r for r in _read(datasets / "cow-alliances" / "alliance_v4.1_by_member.csv")]
    differences: list[Difference] = []
    for slug, (atopid, phase, cowid) in CROSSWALK.items():
        facts = _graph_facts(kg, slug, state)
        if not facts["start"]:
            continue
        phases = sorted((r for r in member_rows if r["atopid"] == str(atopid)), key=lambda r: int(r["phase"] or 0))
        atop = phases[phase - 1] if len(phases) >= phase else None
        cow = next((r for r in cow_rows if cowid and r["version4id"] == str(cowid) and r["ccode"] == str(ccode)), None)
        label = f"agreement:{slug}"
        a_start = _date(atop["yrent"], atop["moent"], atop["dayent"]) if atop else ""
        a_end = _date(atop["yrexit"], atop["moexit"], atop["dayexit"]) if atop else ""
        c_start = _date(cow["mem_st_year"], cow["mem_st_month"], cow["mem_st_day"]) if cow else ""
        c_end = _date(cow["mem_end_year"], cow["mem_end_month"], cow["mem_end_day"]) if cow else ""
        ours_start, ours_end = str(facts["start"]), str(facts["end"])
        if (a_start and a_start != ours_start) or (c_start and c_start != ours_start):
            why = _why_date(ours_start, a_start or c_start, facts, "start")
            differences.append(Difference(label, f"{iris.compact(iris.expand(state) or state)} start", ours_start,
                                          a_start, c_start, why))
        if phase == len(phases) and (a_end != ours_end or (cow and c_end != ours_end)):
            why = ("the graph's end is the decision to terminate; ATOP codes the WEU's closure"
                   if a_end and ours_end and ours_end < a_end else _why_date(ours_end, a_end or c_end, facts, "end"))
            differences.append(Difference(label, "end", ours_end or "(in force)", a_end or "(in force)",
                                          (c_end or "(in force)") if cow else "", why))
        if atop:
            ours_obl = {k for k in ATOP_OBLIGATIONS if k in facts["obligations"]}  # type: ignore[operator]
            theirs = {k for k, col in ATOP_OBLIGATIONS.items() if atop.get(col) == "1"}
            if ours_obl != theirs:
                differences.append(Difference(
                    label, "primary obligations", ", ".join(sorted(ours_obl)) or "(none)",
                    ", ".join(sorted(theirs)) or "(none)", "",
                    "ATOP codes obligations from the full text of each phase; this graph types each article it "
                    "records (articles not recorded add nothing)"))
            alliance = alliance_rows.get(str(atopid), {})
            atop_members = {int(v) for k, v in alliance.items() if k.startswith("mem") and k[3:].isdigit() and v}
            ours_parties: set[int] = facts["parties"]  # type: ignore[assignment]
            if atop_members and ours_parties != atop_members:
                missing = sorted(atop_members - ours_parties)
                extra = sorted(ours_parties - atop_members)
                differences.append(Difference(
                    label, "parties (COW codes)", f"{len(ours_parties)}; not in ATOP: {extra or 'none'}",
                    f"{len(atop_members)}; not in this graph: {missing or 'none'}", "",
                    "ATOP lists every member over all phases up to 2018; this graph lists the parties its sources "
                    "name"))
    return differences


def compare_all(kg: KnowledgeGraph, datasets: Path) -> list[Difference]:
    """:func:`compare` for every state the graph names as party to a crosswalked agreement (NATO, the WEU, the
    Brussels Treaty, ...), each disagreement once, sorted by agreement, field and state."""
    slugs = [iris.iri("agreement", slug) for slug in CROSSWALK]
    rows = kg.query(
        "SELECT DISTINCT ?agreement ?state ?code WHERE { ?p ag:agreement ?agreement ; ag:party ?state ."
        " ?state ag:cowCode ?code } ORDER BY ?code ?state")
    assert isinstance(rows, Rows)
    states = sorted({(str(r["state"]), int(str(r["code"]))) for r in rows if str(r["agreement"]) in slugs},
                    key=lambda pair: pair[1])
    seen: set[Difference] = set()
    found: list[Difference] = []
    for state, code in states:
        for difference in compare(kg, datasets, iris.compact(state), code):
            if difference not in seen:
                seen.add(difference)
                found.append(difference)
    return sorted(found, key=lambda d: (d.agreement, d.field))
