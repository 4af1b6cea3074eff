"""ATOP (v5.0 alliance level, v4.01 member level) -> agreements and, per member and phase, party facts with
ATOP's five primary obligations and their conditions.

Mapping (codebook v5.0, section 2):

- each alliance (``atopid``) is an ``ag:Agreement`` (``agreement:atop-<atopid>``, or the curated node the
  crosswalk names), with ``ag:atopId``, ``ag:cowAllianceId`` (``cow4id``), ``ag:signatureDate`` (``begyr/begmo/
  begday``: ATOP dates alliances from signature), ``ag:terminationDate`` (``endyr...``, absent while in effect);
- each member-level row (one state in one phase) is an ``ag:AgreementParty`` from ``yrent/moent/dayent`` to
  ``yrexit/moexit/dayexit`` (absent when 0: in effect on 31 December 2018), at day, month or year precision, with
  ``ag:atopPhase``, ``ag:obliges`` for each of DEFENSE, OFFENSE, NEUTRAL, NONAGG, CONSUL coded 1, and
  ``ag:obligationCondition`` for each condition dummy coded 1 (DEFCOADV ... CONCOREQ, OLIMOB);
- an alliance of v5.0 that the v4.01 member file lacks gets one party per ``memN`` over the alliance's dates,
  with the alliance-level obligations, citing the alliance row;
- a (state, agreement) pair the curated graph already has is left to the curated fact (``compare`` lists the
  disagreements);
- member rows of an alliance that v5.0 no longer lists (atopid 6065, coded in v4.01) are skipped and reported.

Every fact cites its row (``ag:DatasetRow``: file and key).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from alliance_graph import iris
from alliance_graph.datasets.cowstates import EXTRA_CODES, StateIndex
from alliance_graph.datasets.csvrows import Dated, Row, read_rows
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
    term,
)

ATOP = Dataset(
    "atop-5-0",
    "Alliance Treaty Obligations and Provisions (ATOP), data v5.0 (alliance level) and v4.01 (member level)",
    "5.0 (alliance level, atop5_0a.csv); 4.01 (member level, atop4_01m.csv); codebook 5.0",
    "ATOP project, Rice University (Brett Ashley Leeds)",
    "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. \"Alliance Treaty "
    "Obligations and Provisions, 1815-1944.\" International Interactions 28(3): 237-60. ATOP Codebook v5.0.",
    "http://www.atopdata.org",
    "2020-12-03",
)
ALLIANCE_FILE = "atop/atop5_0a.csv"
MEMBER_FILE = "atop/atop4_01m.csv"
FIRST_YEAR, LAST_YEAR = 1815, 2018

#: ATOP column -> obligation concept (ObligationScheme).
OBLIGATIONS: dict[str, str] = {"defense": "defence", "offense": "offence", "neutral": "neutrality",
                               "nonagg": "non-aggression", "consul": "consultation"}
#: ATOP condition dummy -> condition concept (ObligationConditionScheme in the ontology).
CONDITIONS: dict[str, str] = {
    "defcoadv": "defence-adversary", "defcoloc": "defence-location", "defcocon": "defence-conflict",
    "defconum": "defence-number", "defcodem": "defence-demands", "defconpr": "defence-no-provocation",
    "offcoadv": "offence-adversary", "offcoloc": "offence-location", "offcocon": "offence-conflict",
    "offconum": "offence-number", "offcodem": "offence-demands",
    "neucoadv": "neutrality-adversary", "neucoloc": "neutrality-location", "neucocon": "neutrality-conflict",
    "neuconum": "neutrality-number", "neucodem": "neutrality-demands", "neuconpr": "neutrality-no-provocation",
    "neucoatt": "neutrality-attack",
    "concoadv": "consultation-adversary", "concoloc": "consultation-location", "concocon": "consultation-conflict",
    "concoreq": "consultation-request",
    "olimob": "other",
}
DATES_ENT = ("yrent", "moent", "dayent")
DATES_EXIT = ("yrexit", "moexit", "dayexit")
ALLIANCE_COLUMNS = ("atopid", "cow4id", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "bilat",
                    *OBLIGATIONS, "mem1")
MEMBER_COLUMNS = ("atopid", "member", *DATES_ENT, *DATES_EXIT, "ineffect", "phase", "maxphase", *OBLIGATIONS,
                  *CONDITIONS)


def condition(slug: str) -> ox.NamedNode:
    return ox.NamedNode(iris.DEF + "condition/" + slug)


def obligation(slug: str) -> ox.NamedNode:
    return ox.NamedNode(iris.PREFIXES["obl"] + slug)


@dataclass
class Alliance:
    """One alliance-level row, read and checked."""

    row: Row
    atopid: int
    begin: Dated
    end: Dated | None
    members: list[int]


@dataclass
class Report:
    """What an import did: counts by kind, and the pairs left to curated facts."""

    counts: Counter[str] = field(default_factory=Counter)
    curated_pairs: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def read_alliances(datasets: Path, states: StateIndex) -> dict[int, Alliance]:
    """The alliance-level file, checked: every member code known, dates in 1815-2018."""
    alliances: dict[int, Alliance] = {}
    for row in read_rows(datasets / ALLIANCE_FILE, ALLIANCE_FILE, ALLIANCE_COLUMNS):
        begin = row.date("begyr", "begmo", "begday", first=FIRST_YEAR, last=LAST_YEAR)
        if begin is None:
            raise row.error("begyr", "an alliance needs a start year")
        members = []
        for column in row.values:
            if column.startswith("mem") and column[3:].isdigit() and row.text(column):
                states.state(row, column)
                members.append(row.integer(column))
        for column in OBLIGATIONS:
            row.flag(column)
        atopid = row.integer("atopid")
        alliances[atopid] = Alliance(row, atopid, begin,
                                     row.date("endyr", "endmo", "endday", first=FIRST_YEAR, last=LAST_YEAR), members)
    return alliances


def _label(alliance: Alliance, states: StateIndex) -> str:
    names = sorted(states.name(code) for code in set(alliance.members))
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"ATOP alliance {alliance.atopid} ({alliance.begin.date.year}): {shown}"


def _agreement(out: Emitter, alliance: Alliance, states: StateIndex) -> ox.NamedNode:
    agreement = node("agreement", f"atop-{alliance.atopid}")
    row = alliance.row
    source = out.row(ATOP, ALLIANCE_FILE, [("atopid", alliance.atopid)])
    out.add(agreement, RDF_TYPE, ag("Agreement"))
    out.add(agreement, LABEL, english(_label(alliance, states)))
    out.add(agreement, ag("atopId"), integer(alliance.atopid))
    cow4id = row.integer("cow4id", missing=0)
    if cow4id:
        out.add(agreement, ag("cowAllianceId"), integer(cow4id))
    out.dated(agreement, ag("signatureDate"), "signaturePrecision", alliance.begin)
    out.dated(agreement, ag("terminationDate"), "terminationPrecision", alliance.end)
    count = len(set(alliance.members))
    scope = "Bilateral" if row.flag("bilat") or count <= 2 else "Minilateral" if count <= 6 else "Multilateral"
    out.add(agreement, ag("scope"), ag(scope))
    out.add(agreement, DERIVED, source)
    return agreement


def _party(out: Emitter, agreement: ox.NamedNode, state: ox.NamedNode, start: Dated, end: Dated | None,
           source: ox.NamedNode, label: str, suffix: str) -> ox.NamedNode:
    state_slug = state.value.rsplit("/", 1)[-1]
    agreement_slug = agreement.value.rsplit("/", 1)[-1]
    if not agreement_slug.startswith("atop-"):  # a curated agreement: say which dataset the fact is from
        agreement_slug += "--atop"
    party = node("party", f"{state_slug}--{agreement_slug}{suffix}--{start.date.year}")
    out.add(party, RDF_TYPE, ag("AgreementParty"))
    out.add(party, ag("agreement"), agreement)
    out.add(party, ag("party"), state)
    out.dated(party, START, "startPrecision", start)
    out.dated(party, END, "endPrecision", end)
    out.add(party, DERIVED, source)
    out.add(party, LABEL, english(label))
    return party


def _extra_state(out: Emitter, states: StateIndex, curated: Curated, code: int, source: ox.NamedNode) -> None:
    state = states.nodes[code]
    if code in EXTRA_CODES and state.value not in curated.states:
        out.add(state, RDF_TYPE, ag("State"))
        out.add(state, LABEL, english(EXTRA_CODES[code][1]))
        out.add(state, ag("cowCode"), integer(code))
        out.add(state, term("skos:editorialNote"), english(EXTRA_CODES[code][2]))
        out.add(state, DERIVED, source)


def import_atop(datasets: Path, states: StateIndex, curated: Curated) -> tuple[Emitter, Report]:
    """Read both ATOP files (every row checked first) and return their triples and a report.

    Raises:
        DatasetError: a missing or renamed column, a malformed row, an unknown country code or a date out of
            range, located by file, line and column.
    """
    alliances = read_alliances(datasets, states)
    members = list(read_rows(datasets / MEMBER_FILE, MEMBER_FILE, MEMBER_COLUMNS))
    out, report = Emitter(), Report()
    out.dataset(ATOP, curated)
    nodes: dict[tuple[int, int], ox.NamedNode] = {}
    for atopid, alliance in sorted(alliances.items()):
        curated_node = curated.agreement_for_atop(atopid, -1)
        if curated_node is None:
            nodes[(atopid, -1)] = _agreement(out, alliance, states)
            report.counts["agreements"] += 1
    seen: Counter[str] = Counter()
    in_member_file: set[int] = set()
    for row in members:
        atopid, phase = row.integer("atopid"), row.integer("phase", missing=0)
        if atopid not in alliances:  # in v4.01, dropped from v5.0 (atopid 6065): v5.0 is the newer coding
            report.dropped.append(f"{MEMBER_FILE}:{row.line}: atopid {atopid}")
            continue
        in_member_file.add(atopid)
        state = states.state(row, "member")
        start = row.date(*DATES_ENT, first=FIRST_YEAR, last=LAST_YEAR)
        if start is None:
            raise row.error("yrent", "a member needs an entry year")
        end = row.date(*DATES_EXIT, first=FIRST_YEAR, last=LAST_YEAR)
        if end is None and not row.flag("ineffect"):
            raise row.error("yrexit", "no exit date, yet ineffect is 0 (the codebook codes 0 only when in effect)")
        found = curated.agreement_for_atop(atopid, phase)
        agreement = ox.NamedNode(found) if found else nodes[(atopid, -1)]
        if (agreement.value, state.value) in curated.party_pairs:
            report.curated_pairs.append(f"{iris.compact(state.value)} in {iris.compact(agreement.value)}")
            continue
        code = row.integer("member")
        key: list[tuple[str, object]] = [("atopid", atopid), ("member", code), ("phase", phase),
                                         ("yrent", start.date.year)]
        source = out.row(ATOP, MEMBER_FILE, key)
        _extra_state(out, states, curated, code, source)
        suffix = f"-phase-{phase}" if phase else ""
        seen[f"{state.value} {agreement.value}{suffix} {start.date.year}"] += 1
        number = seen[f"{state.value} {agreement.value}{suffix} {start.date.year}"]
        suffix += f"-{number}" if number > 1 else ""
        phase_text = f", phase {phase}" if phase else ""
        party = _party(out, agreement, state, start, end, source,
                       f"{states.name(code)}, party to ATOP alliance {atopid}{phase_text}", suffix)
        if row.integer("maxphase", missing=0):
            out.add(party, ag("atopPhase"), integer(phase))
        for column, concept in OBLIGATIONS.items():
            if row.flag(column):
                out.add(party, ag("obliges"), obligation(concept))
        for column, concept in CONDITIONS.items():
            if row.flag(column):
                out.add(party, ag("obligationCondition"), condition(concept))
        report.counts["member-level parties"] += 1
    for atopid, alliance in sorted(alliances.items()):
        if atopid in in_member_file:
            continue
        found = curated.agreement_for_atop(atopid, -1)
        agreement = ox.NamedNode(found) if found else nodes[(atopid, -1)]
        source = out.row(ATOP, ALLIANCE_FILE, [("atopid", atopid)])
        for code in sorted(set(alliance.members)):
            state = states.nodes[code]
            if (agreement.value, state.value) in curated.party_pairs:
                report.curated_pairs.append(f"{iris.compact(state.value)} in {iris.compact(agreement.value)}")
                continue
            party = _party(out, agreement, state, alliance.begin, alliance.end, source,
                           f"{states.name(code)}, party to ATOP alliance {atopid}", "")
            for column, concept in OBLIGATIONS.items():
                if alliance.row.flag(column):
                    out.add(party, ag("obliges"), obligation(concept))
            report.counts["alliance-level parties"] += 1
    return out, report
