"""The ego view: a state's partner states to depth N, each line weighted by how strongly the two are bound.

Strength is the number of ties ``queries/partners-ranked-by-ties.rq`` counts: agreements both are party to,
organizations both belong to, missions in which one served with the other. Each state keeps its ``top``
strongest partners; the partners' own partners are added up to ``depth`` steps from the state. The rows this
module returns are edge rows in the shape :mod:`alliance_graph.views.network` reads.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from alliance_graph import iris
from alliance_graph.errors import QueryError
from alliance_graph.queries.rows import Value

if TYPE_CHECKING:
    from alliance_graph.api import KnowledgeGraph

log = logging.getLogger(__name__)

QUERY = "partners-ranked-by-ties"
DEPTHS = range(1, 4)
TOPS = range(1, 51)


def _int(value: object, name: str, allowed: range, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(str(value))
    except ValueError:
        number = allowed.start - 1
    if number not in allowed:
        raise QueryError(f"parameter {name}: '{value}' is not a whole number from {allowed.start} to {allowed[-1]}")
    return number


def parse(depth: object = None, top: object = None) -> tuple[int, int]:
    """The ``depth`` and ``top`` parameters as numbers (defaults 2 and 12).

    >>> parse("3", None)
    (3, 12)

    Raises:
        QueryError: not a whole number in range (depth 1-3, top 1-50).
    """
    return _int(depth, "depth", DEPTHS, 2), _int(top, "top", TOPS, 12)


def ego_rows(kg: KnowledgeGraph, state: str, depth: int = 2, top: int = 12) -> list[dict[str, Value]]:
    """Edge rows ``state -> partner`` (kind ``bound to``, ``weight`` = ties), breadth first to ``depth``.

    A pair is drawn once, from the side reached first; notes give the agreements, memberships and missions
    shared, and sources are those the query returns for the pair.
    """
    start = iris.compact(iris.expand(state) or state)
    rows: list[dict[str, Value]] = []
    drawn: set[frozenset[str]] = set()
    seen = {start}
    frontier = [start]
    for level in range(1, depth + 1):
        reached: list[str] = []
        for here in frontier:
            for row in list(kg.ask(QUERY, state=here))[:top]:
                partner = iris.compact(str(row["partner"]))
                pair = frozenset((here, partner))
                if pair in drawn:
                    continue
                drawn.add(pair)
                ties = int(str(row.get("ties") or 0))
                rows.append({
                    "from": here, "to": partner, "fromGroup": "state", "toGroup": "state",
                    "kind": "bound to", "label": f"{ties} ties", "weight": ties,
                    "notes": (f"shared agreements: {row.get('agreements') or 0} | shared memberships: "
                              f"{row.get('memberships') or 0} | missions served together: {row.get('missions') or 0}"
                              f" | depth: {level}"),
                    "sources": row.get("sources"),
                })
                if partner not in seen:
                    seen.add(partner)
                    reached.append(partner)
        frontier = reached
    log.debug("ego %s: %d states, %d lines", start, len(seen), len(rows))
    return rows
