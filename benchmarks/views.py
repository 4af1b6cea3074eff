"""Benchmark the views: write time and time until interactive in headless Chromium, for each real view and for
synthetic graphs of 1,000, 2,000 and 5,000 nodes. Targets: 2,000 nodes written in <= 2 s, interactive in <= 3 s.

    python benchmarks/run.py --views      # with the other benchmarks
    python benchmarks/views.py            # this section alone

"Written" is layout + page + file (the graph already built; the real views' query time is shown apart).
"Interactive" is from navigation start until the page has drawn its first frame with every control wired
(``data-drawn`` and ``data-ready`` on <body>), every network request blocked. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

import networkx as nx  # noqa: E402

from alliance_graph.queries.rows import Value  # noqa: E402
from alliance_graph.views import network, output, page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SIZES = (1000, 2000, 5000)
REAL = ("alliances", "missions", "industry", "ego")


def synthetic(size: int, seed: int = 7) -> nx.MultiDiGraph:
    """An alliance-shaped graph of ``size`` nodes: states, organizations they join, agreements they are party to,
    with dates (some at year precision) and sources, built through the same rows -> graph path as real views."""
    rng = random.Random(seed)
    states = [f"state:s{i}" for i in range(size * 3 // 10)]
    orgs = [f"organization:o{i}" for i in range(size // 20)]
    agreements = [f"agreement:a{i}" for i in range(size - len(states) - len(orgs))]
    sources = [f"https://w3id.org/alliance-graph/id/source/x{i}" for i in range(300)]
    nodes: list[dict[str, Value]] = [{"node": s, "label": f"Source {s}", "kind": "source",
                                      "url": f"https://example.org/{i}"} for i, s in enumerate(sources)]
    for thing in (*states, *orgs, *agreements):
        nodes.append({"node": thing, "label": f"Name of {thing} with some words", "kind": thing.split(":")[0]})
    edges: list[dict[str, Value]] = []

    def dated(start: str, end: str, group: str, kind: str, fact: str) -> dict[str, Value]:
        year = rng.randint(1945, 2024)
        row: dict[str, Value] = {"from": start, "to": end, "fromGroup": "state", "toGroup": group, "kind": kind,
                                 "fact": fact, "start": datetime.date(year, 1, 1),
                                 "startPrecision": "ag:year" if rng.random() < 0.3 else None,
                                 "sources": " ".join(rng.sample(sources, 2))}
        if rng.random() < 0.3:
            row["end"] = datetime.date(min(2025, year + rng.randint(1, 40)), 6, 30)
        return row

    for state in states:
        for org in rng.sample(orgs, 3):
            edges.append(dated(state, org, "organization", "member of", f"membership:{state[6:]}--{org[13:]}"))
    for agreement in agreements:
        for state in rng.sample(states, rng.randint(2, 4)):
            edges.append(dated(state, agreement, "agreement", "party to", f"party:{state[6:]}--{agreement[10:]}"))
    return network.graph_from_rows(edges, nodes, title=f"Synthetic graph of {size} nodes")


def time_until_interactive(browser: Any, path: Path) -> float:
    tab = browser.new_page(viewport={"width": 1200, "height": 800})
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    tab.goto(path.as_uri())
    tab.wait_for_function("document.body.getAttribute('data-drawn') === 'true' && "
                          "document.body.getAttribute('data-ready') === 'true'", timeout=120_000)
    seconds = time.perf_counter() - started
    tab.close()
    if errors:
        raise RuntimeError(f"{path.name}: {errors[0]}")
    return seconds


def run(out: list[str], args: argparse.Namespace | None = None) -> None:
    """Append the views table to ``out``."""
    from playwright.sync_api import sync_playwright

    import alliance_graph

    repeat = getattr(args, "view_repeat", 3) if args is not None else 3
    kg = alliance_graph.open(ROOT)
    cases: list[tuple[str, nx.MultiDiGraph, float | None]] = []
    for name in REAL:
        started = time.perf_counter()
        graph = network.view_graph(kg, name)
        cases.append((name, graph, time.perf_counter() - started))
    for size in SIZES:
        cases.append((f"synthetic {size:,}", synthetic(size), None))
    out.append(f"## Views: write time and time until interactive in headless Chromium (median of {repeat})")
    out.append("")
    out.append("| view | nodes | lines | queries s | written s | page MB | interactive s |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox",
                                                                             "--disable-gpu"])
        for label, graph, queried in cases:
            path = Path(tmp) / f"{label.replace(' ', '-').replace(',', '')}.html"
            writes, loads = [], []
            for _ in range(repeat):
                started = time.perf_counter()
                page.write(graph, path)
                writes.append(time.perf_counter() - started)
                loads.append(time_until_interactive(browser, path))
            nodes, lines = page.drawn_counts(graph)
            out.append(f"| {label} | {nodes:,} | {lines:,} | {f'{queried:.2f}' if queried else '-'} | "
                       f"{statistics.median(writes):.2f} | {path.stat().st_size / 1e6:.1f} | "
                       f"{statistics.median(loads):.2f} |")
        path = Path(tmp) / "timeline.html"
        writes, loads = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            output.write(kg, "timeline", {}, path)
            writes.append(time.perf_counter() - started)
            loads.append(time_until_interactive(browser, path))
        out.append(f"| timeline (chart; written includes its queries) | - | - | - | {statistics.median(writes):.2f} | "
                   f"{path.stat().st_size / 1e6:.1f} | {statistics.median(loads):.2f} |")
        browser.close()
    out.append("")
    out.append("Targets: 2,000 nodes written <= 2 s and interactive <= 3 s.")
    out.append("")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--view-repeat", type=int, default=3, help="writes and loads per view")
    lines: list[str] = []
    run(lines, parser.parse_args())
    print("\n".join(lines))
