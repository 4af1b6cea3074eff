"""Find by name: the name index (``build/names.json``, what ``alliance-graph find`` and ``/search`` use) against a
REGEX scan over every label in SPARQL, and against the portable named question ``find-by-name``, p50/p95 in ms.

    python benchmarks/run.py --find
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402
from timing import percentile, timed  # noqa: E402

import alliance_graph  # noqa: E402
from alliance_graph.pipeline.index import build_index, read_index  # noqa: E402

#: Names of many kinds and languages, as tests/test_find.py asks them.
NAMES = [
    "herstal", "FN Herstal", "benelux customs", "Admiral Benelux", "ABNL", "Kleine-Brogel", "Rukla", "NAVO", "OTAN",
    "the atlantic alliance", "belgie", "BELGIQUE", "shape", "eurocorps", "FINUL", "f-35", "Noord-Atlantisch Verdrag",
    "Brussels Treaty", "PESCO", "Luxemburg", "Casteau", "Kosovo Force",
]  # fmt: skip

#: The scan an analyst writes without the index: every label, matched by a case-insensitive REGEX. With the
#: pattern bound as a parameter pyoxigraph compiles it for each label, so the pattern written into the text (the
#: faster form; a benchmark only, never done with user input in the package) is measured too.
REGEX_BOUND = """
SELECT ?pattern ?thing ?name WHERE {
  ?thing rdfs:label|skos:altLabel ?name .
  FILTER (REGEX(STR(?name), ?pattern, "i"))
}
"""
REGEX_TEXT = """
SELECT ?thing ?name WHERE {
  ?thing rdfs:label|skos:altLabel ?name .
  FILTER (REGEX(STR(?name), "%s", "i"))
}
"""
PREFIXES = {"rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#"}




def _sparql_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def run(out: list[str], args: argparse.Namespace) -> None:
    """Append the find-by-name section to ``out``."""
    repeat = max(5, getattr(args, "repeat", 25))
    kg = alliance_graph.open(ROOT)  # the on-disk build: its names.json is what find and /search read
    build_dir = kg.project.build_dir
    load = timed(lambda: read_index(build_dir), 5)
    make = timed(lambda: build_index(kg.store), 3)
    index = kg.names()
    methods = {
        "index (kg.find)": lambda name: kg.find(name),
        "REGEX scan, pattern in the text": lambda name: list(
            kg.store.query(
                REGEX_TEXT % _sparql_string(re.escape(name)), use_default_graph_as_union=True, prefixes=PREFIXES
            )
        ),
        "REGEX scan, pattern bound": lambda name: list(
            kg.store.query(
                REGEX_BOUND,
                use_default_graph_as_union=True,
                prefixes=PREFIXES,
                substitutions={ox.Variable("pattern"): ox.Literal(re.escape(name))},
            )
        ),
        "find-by-name.rq": lambda name: kg.ask("find-by-name", text=name),
    }
    per_method: dict[str, list[float]] = {m: [] for m in methods}
    for name in NAMES:
        for method, fn in methods.items():
            per_method[method] += timed(lambda f=fn, n=name: f(n), repeat if method.startswith("index") else 5)
    out.append(f"## Find by name ({len(NAMES)} names, {len(index)} things indexed; ms)")
    out.append("")
    out.append("| method | p50 | p95 | samples |")
    out.append("| --- | ---: | ---: | ---: |")
    for method, samples in per_method.items():
        out.append(f"| {method} | {statistics.median(samples):.2f} | {percentile(samples, 95):.2f} | {len(samples)} |")
    out.append("")
    index50 = statistics.median(per_method["index (kg.find)"])
    scan50 = statistics.median(per_method["REGEX scan, pattern in the text"])
    out.append(
        f"The index answers {scan50 / index50:.0f}x faster than the faster REGEX scan (p50). Reading names.json takes "
        f"{statistics.median(load):.1f} ms; making the index from the store at build time {statistics.median(make):.0f} ms."
    )
    out.append("")


if __name__ == "__main__":
    lines: list[str] = []
    run(lines, argparse.Namespace(repeat=25))
    print("\n".join(lines))
