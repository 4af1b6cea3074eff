"""COW State System Membership (v2016) -> every state with its COW code and its system-membership spells.

The state list is also the code book of ATOP's ``member`` and COW's ``ccode``: :class:`StateIndex` turns a code
into the node of its state (the curated node when ``data/`` has one with that ``ag:cowCode``), and refuses
unknown codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

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
    slugify,
    term,
)
from alliance_graph.datasets.sources import STATES

COW_STATES = Dataset(
    "cow-state-system-membership-2016",
    "State System Membership List, v2016",
    "2016",
    "Correlates of War Project",
    'Correlates of War Project. 2017. "State System Membership List, v2016." Online, http://correlatesofwar.org.',
    "https://correlatesofwar.org/data-sets/state-system-membership/",
    "2017-01-01",
)
STATES_FILE = "cow-states/states2016.csv"
STATE_COLUMNS = ("stateabb", "ccode", "statenme", "styear", "stmonth", "stday", "endyear", "endmonth", "endday")
#: The last day the state list covers: a spell ending then is still running ("still a member at end of data").
LAST_DAY = "2016-12-31"

#: Codes the alliance datasets use that the COW state list lacks: code -> (slug, English name, note).
EXTRA_CODES: dict[int, tuple[str, str, str]] = {
    8152: ("annam", "Annam",
           "Code 8152 is used by ATOP (atopid 1320, France and a non-system state, 1874-03-15 to 1883-08-25, "
           "cowsys 0) and is not in the COW state list; the dates are those of the Second Treaty of Saigon with "
           "Annam, hence the name (an inference, not stated by ATOP)."),
}


@dataclass
class StateIndex:
    """COW code -> state node, and the states to emit (curated nodes only gain what they lack)."""

    nodes: dict[int, ox.NamedNode] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    rows: dict[int, list[Row]] = field(default_factory=dict)

    def state(self, row: Row, column: str) -> ox.NamedNode:
        """The state node for the code in ``row[column]``.

        Raises:
            DatasetError: the code is not in the COW state list (nor a known extra code).
        """
        code = row.integer(column)
        if code not in self.nodes:
            raise row.error(column, f"unknown country code {code}: not in {STATES_FILE} (COW ccode)")
        return self.nodes[code]

    def name(self, code: int) -> str:
        return self.names.get(code, str(code))


def read_states(datasets: Path, curated: Curated) -> StateIndex:
    """Read ``cow-states/states2016.csv`` into a :class:`StateIndex`.

    Raises:
        DatasetError: a missing column, malformed row or bad date, located by file, line and column.
    """
    by_code = {ccode: slug for slug, (ccode, *_names) in STATES.items()}
    index = StateIndex()
    used: set[str] = set(curated.state_by_code.values())
    for row in read_rows(datasets / STATES_FILE, STATES_FILE, STATE_COLUMNS):
        code = row.integer("ccode")
        if code in index.nodes:
            index.rows[code].append(row)
            continue
        row.date("styear", "stmonth", "stday", first=1816, last=2016)
        row.date("endyear", "endmonth", "endday", first=1816, last=2016)
        index.names[code] = row.text("statenme")
        index.rows[code] = [row]
        if code in curated.state_by_code:
            index.nodes[code] = ox.NamedNode(curated.state_by_code[code])
            continue
        slug = by_code.get(code) or slugify(row.text("statenme"))
        full = node("state", slug)
        if full.value in used and full.value not in curated.states:
            full = node("state", f"{slug}-{code}")
        used.add(full.value)
        index.nodes[code] = full
    for code, (slug, name, _note) in EXTRA_CODES.items():
        index.nodes.setdefault(code, ox.NamedNode(curated.state_by_code.get(code, node("state", slug).value)))
        index.names.setdefault(code, name)
    return index


def _spell(out: Emitter, index: StateIndex, code: int, row: Row) -> None:
    state = index.nodes[code]
    start = row.date("styear", "stmonth", "stday", first=1816, last=2016)
    end = row.date("endyear", "endmonth", "endday", first=1816, last=2016)
    assert start is not None
    source = out.row(COW_STATES, STATES_FILE, [("ccode", code), ("styear", start.date.year)])
    slug = state.value.rsplit("/", 1)[-1]
    spell = node("membership", f"{slug}--state-system--{start.date.year}")
    out.add(spell, RDF_TYPE, ag("SystemMembership"))
    out.add(spell, ag("systemMember"), state)
    out.dated(spell, START, "startPrecision", start)
    if end is not None and end.isoformat() != LAST_DAY:
        out.dated(spell, END, "endPrecision", end)
    out.add(spell, DERIVED, source)
    out.add(spell, LABEL, english(f"{index.name(code)} in the state system (COW), from {start.date.year}"))


def states_graph(index: StateIndex, curated: Curated) -> Emitter:
    """Every state of the index with its COW code and spells; a curated state gains only what it lacks.

    Args:
        index: from :func:`read_states`.
        curated: what ``data/`` says.
    """
    out = Emitter()
    out.dataset(COW_STATES, curated)
    for code in sorted(index.rows):
        state = index.nodes[code]
        first = index.rows[code][0]
        source = out.row(COW_STATES, STATES_FILE, [("ccode", code), ("styear", first.integer("styear"))])
        if state.value not in curated.states:
            out.add(state, RDF_TYPE, ag("State"))
            out.add(state, LABEL, english(index.name(code)))
            out.add(state, term("skos:notation"), ox.Literal(first.text("stateabb")))
        if code not in curated.state_by_code:
            out.add(state, ag("cowCode"), integer(code))
            out.add(state, DERIVED, source)
        for row in index.rows[code]:
            _spell(out, index, code, row)
    return out

