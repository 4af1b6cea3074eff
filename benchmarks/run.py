"""Benchmarks: print build time per stage and, for every named query, median/p95 latency on the embedded
pyoxigraph store and on rdflib's own engine over the same data, in the same run.

    python benchmarks/run.py              # everything
    python benchmarks/run.py --repeat 50  # more samples per query
    python benchmarks/run.py --http       # and HTTP: alliance-graph serve vs oxigraph serve (benchmarks/http_load.py)
    python benchmarks/run.py --find       # and find by name: the name index vs a REGEX scan (benchmarks/find.py)
    python benchmarks/run.py --views      # and the views: write time, time until interactive in Chromium
    python benchmarks/run.py --world      # and every state's alliances: global build, 1M synthetic (benchmarks/world.py)
    python benchmarks/run.py --world --world-5m   # and 5M triples, publish and bulk load into an Oxigraph server

Figures are printed, never asserted: tests do not time anything.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph  # noqa: E402
import rdflib  # noqa: E402
from timing import percentile, timed  # noqa: E402

from alliance_graph.api import rdflib_rows  # noqa: E402
from alliance_graph.paths import find_project  # noqa: E402
from alliance_graph.pipeline.build import build  # noqa: E402
from alliance_graph.queries.catalogue import named_queries  # noqa: E402


def example_params(example: str, name: str) -> dict[str, str]:
    words = example.split()
    if words[:3] != ["alliance-graph", "query", name]:
        return {}
    return dict(w.split("=", 1) for w in words[3:] if "=" in w)


def bench_build(out: list[str]) -> None:
    project = find_project(ROOT)
    result = build(project, in_memory=True)
    out.append("## Build (in memory, this machine)")
    out.append("")
    out.append("| stage | seconds |")
    out.append("| --- | ---: |")
    for stage, secs in result.seconds.items():
        out.append(f"| {stage} | {secs:.3f} |")
    out.append(f"| **total** | **{sum(result.seconds.values()):.3f}** |")
    out.append("")
    out.append(f"{result.triples} quads, {result.derived} derived.")
    out.append("")


def bench_queries(out: list[str], repeat: int) -> None:
    import alliance_graph

    kg = alliance_graph.open(ROOT, in_memory=True)
    dataset = kg.dataset
    out.append(f"## Named questions: embedded pyoxigraph vs rdflib's engine ({repeat} runs each, ms)")
    out.append("")
    out.append("| query | rows | oxigraph p50 | oxigraph p95 | rdflib p50 | rdflib p95 | ratio (p50) |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    ratios = []
    p50s = []
    for name, named in named_queries().items():
        params = example_params(named.example, name)
        rows = len(kg.ask(name, **params))
        ox_samples = timed(lambda n=name, p=params: kg.ask(n, **p), repeat)
        try:
            rdf_samples = timed(lambda q=named, p=params: list(rdflib_rows(dataset, q, p)), max(3, repeat // 5))
        except Exception as err:  # rdflib's engine fails some valid queries; say so, go on
            ox50 = statistics.median(ox_samples)
            p50s.append(ox50)
            out.append(f"| {name} | {rows} | {ox50:.2f} | {percentile(ox_samples, 95):.2f} | "
                       f"rdflib fails: {type(err).__name__} | | |")
            continue
        ox50, rdf50 = statistics.median(ox_samples), statistics.median(rdf_samples)
        ratio = rdf50 / ox50 if ox50 else float("inf")
        ratios.append(ratio)
        p50s.append(ox50)
        out.append(
            f"| {name} | {rows} | {ox50:.2f} | {percentile(ox_samples, 95):.2f} | {rdf50:.1f} | "
            f"{percentile(rdf_samples, 95):.1f} | {ratio:.0f}x |"
        )
    out.append("")
    out.append(
        f"Median over questions: oxigraph p50 {statistics.median(p50s):.2f} ms; "
        f"rdflib/oxigraph ratio {statistics.median(ratios):.0f}x."
    )
    out.append("")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=25, help="samples per query on the embedded store")
    parser.add_argument("--http", action="store_true", help="also load-test the HTTP server against oxigraph serve")
    parser.add_argument("--http-seconds", type=float, default=3.0, help="length of each wrk run with --http")
    parser.add_argument("--find", action="store_true", help="also find by name: index vs REGEX scan")
    parser.add_argument("--views", action="store_true", help="also time writing and opening the views (views.py)")
    parser.add_argument("--view-repeat", type=int, default=3, help="writes and loads per view with --views")
    parser.add_argument("--world", action="store_true", help="also the world graph (ATOP, COW) and 1M synthetic")
    parser.add_argument("--world-5m", action="store_true", help="with --world: also 5M triples (heavy, opt-in)")
    args = parser.parse_args()
    out = [
        "# alliance-graph benchmark",
        "",
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
        f"{platform.machine()}",
        "",
    ]
    bench_build(out)
    bench_queries(out, args.repeat)
    if args.http:
        from http_load import bench_http

        bench_http(out, args.http_seconds)
    if args.find:
        from find import run as bench_find

        bench_find(out, args)
    if args.views:
        import views as views_benchmark

        views_benchmark.run(out, args)
    if args.world:
        from world import run as bench_world

        bench_world(out, args)
    print("\n".join(out))


if __name__ == "__main__":
    main()
