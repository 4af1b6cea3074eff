"""HTTP benchmark: ``alliance-graph serve`` against ``oxigraph serve-read-only`` (RocksDB) and ``oxigraph serve``
(in memory), both loaded with the same data (build/alliance-graph.nq), in the same run, on loopback. wrk drives
the load: throughput and p50/p95 latency at 1, 8 and 32 concurrent clients for three typical questions. Figures
are printed, never asserted.

    python benchmarks/run.py --http            # with the other benchmarks
    python benchmarks/http.py --seconds 5      # this one alone

Each server is started, measured and stopped in turn (never two at once, so they do not share the CPU), every
wrk run lasts a fixed number of seconds, and everything listens on 127.0.0.1 only. Both servers get the same
SPARQL text: the named question with its example parameters written in as a VALUES block (oxigraph has no way
to bind parameters); ``alliance-graph serve`` is also measured on ``/queries/NAME?param=value``, where the
parameters are bound by pyoxigraph's substitution. Our server is measured with its answer cache (the default)
and without it (``--cache-mb 0``), so the cost of running queries shows too.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This file is named http.py: keep its folder off the import path so `import http.client` finds the standard library.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT / "src"))

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402

#: (question, example parameters): a parametrised lookup, a parametrised aggregate, a whole-graph aggregate.
QUESTIONS: list[tuple[str, dict[str, str]]] = [
    ("memberships-on-date", {"state": "state:belgium", "date": "1960-01-01"}),
    ("missions-by-framework-and-decade", {"state": "state:belgium"}),
    ("counts-per-class", {}),
]
CLIENTS = (1, 8, 32)
ACCEPT = "application/sparql-results+json"
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %d %.0f %.0f %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), summary.errors.status, errors))
end
"""


@dataclass(frozen=True)
class Load:
    """One wrk run: requests per second, median and 95th-percentile latency (ms), non-2xx and socket errors."""

    rps: float
    p50: float
    p95: float
    non2xx: int
    errors: int

    def cells(self) -> str:
        bad = f" ({self.non2xx} non-2xx)" if self.non2xx else ""
        bad += f" ({self.errors} socket errors)" if self.errors else ""
        return f"{self.rps:,.0f}{bad} | {self.p50:.1f} | {self.p95:.1f}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def inline_values(name: str, params: dict[str, str]) -> str:
    """The named question's text with ``params`` written in as a VALUES block (benchmark only: the project
    binds parameters, never pastes them; oxigraph's HTTP server has no other way to take them)."""
    from alliance_graph.queries.catalogue import bind, named_queries

    named = named_queries()[name]
    bound = bind(named, params)
    if not bound:
        return named.text
    names = " ".join(f"?{var.value}" for var in bound)
    values = " ".join(str(term) for term in bound.values())
    where = named.text.index("WHERE {") + len("WHERE {")
    return f"{named.text[:where]}\n  VALUES ({names}) {{ ({values}) }}{named.text[where:]}"


@contextmanager
def running(command: list[str], port: int, log: Path, ready_path: str) -> Iterator[str]:
    """Start a server, wait (at most 120 s) until ``ready_path`` answers, yield its base URL, stop it after."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(base + ready_path, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not start within 120 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def rows(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept": ACCEPT})
    with urllib.request.urlopen(request, timeout=60) as response:
        return len(json.load(response)["results"]["bindings"])


def wrk(url: str, clients: int, seconds: float, script: Path) -> Load:
    threads = min(clients, 2)
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "30s", "-s", str(script)]
    command += ["-H", f"Accept: {ACCEPT}", url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    requests, duration_us, p50_us, p95_us, non2xx, errors = (int(float(x)) for x in line.split()[1:])
    return Load(requests / (duration_us / 1e6), p50_us / 1000, p95_us / 1000, non2xx, errors)


#: What is measured: (key, column title, description).
VARIANTS = [
    ("ox-disk", "oxigraph read-only", "`oxigraph serve-read-only` on a RocksDB store loaded from the dump"),
    ("ox-memory", "oxigraph in memory", "`oxigraph serve` in memory, the dump posted to its /store"),
    ("ours", "ours", "`alliance-graph serve` as it starts by default: answer cache on, store copied into memory"),
    ("ours-nocache", "ours, no cache", "`alliance-graph serve --cache-mb 0`: every request runs the query"),
    ("named", "ours, named, no cache", "`/queries/NAME?param=value` with `--cache-mb 0`: parameters substituted"),
]


def _load_into(base: str, dump: Path) -> None:
    request = urllib.request.Request(
        base + "/store", data=dump.read_bytes(), headers={"Content-Type": "application/n-quads"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()


def bench_http(out: list[str], seconds: float = 3.0) -> None:
    """Append the HTTP benchmark (markdown) to ``out``: both servers, three questions, 1/8/32 clients."""
    import alliance_graph
    from alliance_graph.pipeline.build import NQ_DUMP

    beside = Path(sys.executable).with_name("oxigraph")
    oxigraph = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if oxigraph is None or shutil.which("wrk") is None:
        out.append(
            "## HTTP: skipped (needs `wrk` and the `oxigraph` server: apt-get install wrk; pip install oxigraph)"
        )
        out.append("")
        return
    kg = alliance_graph.open(ROOT)  # builds build/ if it is missing or stale
    dump = kg.project.build_dir / NQ_DUMP
    kg.close()
    texts = {name: inline_values(name, params) for name, params in QUESTIONS}
    results: dict[tuple[str, str, int], Load] = {}
    counts: dict[tuple[str, str], int] = {}
    with tempfile.TemporaryDirectory(prefix="ag-http-bench-") as tmp_name:
        tmp = Path(tmp_name)
        script = tmp / "report.lua"
        script.write_text(WRK_SCRIPT)
        oxstore = tmp / "oxigraph"
        load = [oxigraph, "load", "--location", str(oxstore), "--file", str(dump)]
        subprocess.run(load, check=True, capture_output=True, timeout=600)
        port = free_port()
        bind = f"127.0.0.1:{port}"
        ours = [sys.executable, "-m", "alliance_graph.cli", "serve", "--port", str(port)]
        servers: list[tuple[str, list[str], str, list[str]]] = [
            # (log name, command, query path, variants measured on it)
            ("ox-disk", [oxigraph, "serve-read-only", "--location", str(oxstore), "--bind", bind,
                         "--union-default-graph"], "/query", ["ox-disk"]),
            ("ox-memory", [oxigraph, "serve", "--bind", bind, "--union-default-graph"], "/query", ["ox-memory"]),
            ("ours", ours, "/sparql", ["ours"]),
            ("ours-nocache", [*ours, "--cache-mb", "0"], "/sparql", ["ours-nocache", "named"]),
        ]  # fmt: skip
        for label, command, path, kinds in servers:
            ready = "/query?query=ASK%7B%7D" if path == "/query" else "/"
            with running(command, port, tmp / f"{label}.log", ready) as base:
                if label == "ox-memory":
                    _load_into(base, dump)
                for name, params in QUESTIONS:
                    for kind in kinds:
                        if kind == "named":
                            url = f"{base}/queries/{name}?" + urllib.parse.urlencode(params)
                        else:
                            url = f"{base}{path}?" + urllib.parse.urlencode({"query": texts[name]})
                        counts[(kind, name)] = rows(url)
                        wrk(url, 2, 1.0, script)  # warm up
                        for clients in CLIENTS:
                            results[(kind, name, clients)] = wrk(url, clients, seconds, script)
    keys = [key for key, _, _ in VARIANTS]
    out.append(f"## HTTP on loopback: alliance-graph serve vs oxigraph serve (wrk, {seconds:g} s per cell)")
    out.append("")
    out.append("Requests per second, then latency p50 and p95 in ms, one server at a time. Columns:")
    out.append("")
    for _, title, description in VARIANTS:
        out.append(f"- *{title}*: {description}.")
    out.append("")
    out.append(
        "Every variant gets the same SPARQL text except *named*; `rows` lists what each returned, in column order, "
        "to show they agree."
    )
    out.append("")
    head = " | ".join(f"{title} req/s | p50 | p95" for _, title, _ in VARIANTS)
    out.append(f"| question | rows | clients | {head} |")
    out.append("| --- | --- | ---: |" + " ---: | ---: | ---: |" * len(VARIANTS))
    for name, _ in QUESTIONS:
        agreed = "/".join(str(counts[(k, name)]) for k in keys)
        for clients in CLIENTS:
            cells = " | ".join(results[(k, name, clients)].cells() for k in keys)
            out.append(f"| {name} | {agreed} | {clients} | {cells} |")
    out.append("")
    out.append("At 8 clients, as a share of oxigraph's throughput (target: at least 50% of `oxigraph serve`):")
    out.append("")
    for kind, title, _ in VARIANTS[2:]:
        for reference in ("ox-disk", "ox-memory"):
            ratios = [results[(kind, n, 8)].rps / results[(reference, n, 8)].rps for n, _ in QUESTIONS]
            shown = ", ".join(f"{n} {r:.0%}" for (n, _), r in zip(QUESTIONS, ratios, strict=True))
            ref_title = next(t for k, t, _ in VARIANTS if k == reference)
            out.append(f"- {title} vs {ref_title}: {shown}")
    out.append("")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each wrk run")
    args = parser.parse_args()
    out: list[str] = []
    bench_http(out, args.seconds)
    print("\n".join(out))


if __name__ == "__main__":
    main()
