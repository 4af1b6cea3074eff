"""The ``alliance-graph`` command: thin commands over the Python API."""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from alliance_graph import iris
from alliance_graph.errors import AllianceGraphError, QueryError, ValidationFailed
from alliance_graph.paths import Project, find_project
from alliance_graph.queries.rows import Rows, compact_value

app = typer.Typer(
    help="A sourced knowledge graph of Belgium's military alliances: build it, check it, query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(
    highlight=False, soft_wrap=True, markup=False, emoji=False, width=None if sys.stdout.isatty() else 200
)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)

RootOption = Annotated[
    Path | None, typer.Option("--root", help="Project directory (default: this checkout, else the bundled data).")
]
BuildDirOption = Annotated[Path | None, typer.Option("--build-dir", help="Where outputs go (default: build/).")]
EndpointOption = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        help="Query this SPARQL endpoint instead of the embedded store, e.g. http://localhost:7878/query "
        "(see publish).",
    ),
]


def _project(root: Path | None, build_dir: Path | None = None) -> Project:
    try:
        return find_project(root, build_dir)
    except FileNotFoundError as error:
        raise AllianceGraphError(str(error)) from error


def _fail(error: AllianceGraphError) -> None:
    err.print(f"[bold red]error:[/] {escape(str(error))}", markup=True, highlight=False)
    raise typer.Exit(error.exit_code)


def _cell(value: object) -> str:
    if value is None:
        return ""
    return str(compact_value(value))  # type: ignore[arg-type]


@app.command()
def build(
    root: RootOption = None,
    build_dir: BuildDirOption = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if outputs are current.")] = False,
    in_memory: Annotated[bool, typer.Option("--in-memory", help="Build in memory only; write nothing.")] = False,
) -> None:
    """Load ontology and data, validate, derive shortcuts, load the store, write dumps.

    Example: alliance-graph build
    """
    from alliance_graph.pipeline.build import build as run_build
    from alliance_graph.pipeline.build import is_current

    try:
        project = _project(root, build_dir)
        result = run_build(project, in_memory=in_memory, force=force)
        if result.reused:
            out.print(f"up to date: {project.store_dir} (inputs unchanged; use --force to rebuild)")
            return
        from alliance_graph.api import KnowledgeGraph
        from alliance_graph.pipeline.store import open_store

        store = result.store if in_memory else open_store(project.store_dir)
        assert store is not None
        kg = KnowledgeGraph(project, store=store)
        totals = kg.ask("graph-totals")
        classes = kg.ask("counts-per-class")
        where = "in memory" if in_memory else str(project.store_dir)
        out.print(f"built {where}: {result.triples} quads ({result.derived} derived)")
        for row in totals:
            out.print(f"  {row['what']}: {row['count']}")
        table = Table("class", "count", title="entities and facts per class", title_justify="left")
        for row in classes:
            table.add_row(_cell(row["class"]), str(row["count"]))
        out.print(table)
        timing = ", ".join(f"{stage} {secs:.2f}s" for stage, secs in result.seconds.items())
        out.print(f"  seconds per stage: {timing}")
        if result.warnings:
            out.print(f"  {len(result.warnings)} warnings (alliance-graph validate lists them)")
        if not in_memory:
            assert is_current(project)
    except AllianceGraphError as error:
        _fail(error)


@app.command()
def fmt(
    check: Annotated[bool, typer.Option("--check", help="Only report files that are not canonical; exit 1.")] = False,
    root: RootOption = None,
) -> None:
    """Rewrite data/*.ttl as canonical Turtle (rdflib longturtle, sorted).

    Example: alliance-graph fmt --check
    """
    from alliance_graph.pipeline.fmt import format_files
    from alliance_graph.pipeline.load import parse_files

    try:
        project = _project(root)
        files = parse_files(project, project.data_files())
        result = format_files(files, check=check)
    except AllianceGraphError as error:
        _fail(error)
        return
    if check and result.changed:
        for name in result.changed:
            err.print(f"{name}: not canonical Turtle; run 'alliance-graph fmt'")
        raise typer.Exit(1)
    verb = "would rewrite" if check else "rewrote"
    out.print(f"{result.checked} files checked, {verb} {len(result.changed)}")


@app.command()
def validate(root: RootOption = None) -> None:
    """Check data/ against the shapes (pySHACL) and the SPARQL checks; list every problem.

    Exit 0 if only warnings, 1 on violations, 2 on unreadable input.
    Example: alliance-graph validate
    """
    from alliance_graph.pipeline.build import check
    from alliance_graph.pipeline.load import load_project

    try:
        project = _project(root)
        loaded = load_project(project)
        _, warnings = check(loaded)
    except ValidationFailed as error:
        for problem in error.problems:
            err.print(problem)
        err.print(f"[bold red]{len(error.problems)} violations[/]", markup=True)
        raise typer.Exit(1) from None
    except AllianceGraphError as error:
        _fail(error)
        return
    for warning in warnings:
        err.print(f"warning: {warning}")
    out.print(f"valid: {len(loaded.data)} data files conform to the shapes and checks ({len(warnings)} warnings)")


def _parse_params(values: list[str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for item in values:
        if "=" not in item:
            raise QueryError(f"parameter '{item}' must be written name=value, e.g. state=state:belgium")
        name, value = item.split("=", 1)
        params[name.strip()] = value
    return params


def _render_rows(rows: Rows, fmt_name: str) -> str:
    if fmt_name == "json":
        return json.dumps(rows.to_dicts(), default=str, ensure_ascii=False, indent=2)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if fmt_name == "tsv" else ",", lineterminator="\n")
    writer.writerow(rows.columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in rows.columns])
    return buffer.getvalue().rstrip("\n")


@app.command()
def query(
    query_ref: Annotated[
        str, typer.Argument(metavar="NAME|FILE.rq|SPARQL", help="A named query, a .rq file or SPARQL.")
    ],
    params: Annotated[list[str] | None, typer.Argument(metavar="[name=value]...", help="Parameters.")] = None,
    output: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json.")] = "table",
    root: RootOption = None,
    endpoint: EndpointOption = None,
) -> None:
    """Run a named question, a .rq file or a SPARQL string; parameters are bound, never pasted.

    Example: alliance-graph query memberships-on-date state=state:belgium date=1960-01-01
    """
    from alliance_graph.api import open as open_graph

    if output not in ("table", "csv", "tsv", "json"):
        _fail(QueryError(f"unknown format '{output}': use table, csv, tsv or json"))
    try:
        parsed = _parse_params(params or [])
        from alliance_graph.queries.catalogue import bind, resolve

        bind(resolve(query_ref), parsed)  # fail on bad parameters before building anything
        kg = open_graph(root, endpoint=endpoint)
        result = kg.query(query_ref, **parsed)
    except AllianceGraphError as error:
        _fail(error)
        return
    if isinstance(result, bool):
        out.print("true" if result else "false")
        return
    if isinstance(result, list):
        data = ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=dict(iris.PREFIXES))
        sys.stdout.write((data or b"").decode("utf-8"))
        return
    if output != "table":
        sys.stdout.write(_render_rows(result, output) + "\n")
        return
    table = Table()
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result:
        table.add_row(*[_cell(row[c]) for c in result.columns])
    out.print(table)
    out.print(f"{len(result)} rows")


@app.command(name="queries")
def list_queries() -> None:
    """List the named questions with the question each answers and its parameters.

    Example: alliance-graph queries
    """
    from alliance_graph.queries.catalogue import named_queries

    table = Table("name", "question", "parameters")
    for name, named in named_queries().items():
        params = ", ".join(f"{p.name} ({p.type}{'' if p.required else ', optional'})" for p in named.parameters)
        table.add_row(name, named.question, params)
    out.print(table)


@app.command()
def stats(root: RootOption = None, endpoint: EndpointOption = None) -> None:
    """Counts per class, per section of the subject, and missions by framework and decade.

    Example: alliance-graph stats
    """
    from alliance_graph.api import open as open_graph
    from alliance_graph.api import stats as run_stats

    try:
        kg = open_graph(root, endpoint=endpoint)
        results = run_stats(kg)
    except AllianceGraphError as error:
        _fail(error)
        return
    for title, rows in results.items():
        table = Table(*rows.columns, title=title, title_justify="left")
        for row in rows:
            table.add_row(*[_cell(row[c]) for c in rows.columns])
        out.print(table)


@app.command(name="import")
def import_dataset(
    what: Annotated[str, typer.Argument(help="states, spending or alliance-ids.")],
    datasets: Annotated[
        Path | None, typer.Option("--datasets", help="Folder of the shared datasets (default: ../shared/datasets).")
    ] = None,
    root: RootOption = None,
) -> None:
    """Import facts from a shared open dataset into data/ (states from COW; spending from NATO and SIPRI;
    ATOP and COW alliance identifiers).

    Example: alliance-graph import spending --datasets ../shared/datasets
    """
    from alliance_graph.datasets.importers import run_import

    try:
        project = _project(root)
        written, unknown = run_import(project, what, datasets or project.root.parent / "shared" / "datasets")
    except AllianceGraphError as error:
        _fail(error)
        return
    for slug in unknown:
        err.print(
            f"note: state:{slug} is not in the COW table (importers.STATES); "
            "it must be defined by hand with a source of its own"
        )
    out.print(f"wrote {', '.join(written)}")


@app.command(name="compare")
def compare_datasets(
    datasets: Annotated[
        Path | None, typer.Option("--datasets", help="Folder of the shared datasets (default: ../shared/datasets).")
    ] = None,
    state: Annotated[str, typer.Option("--state", help="The state to compare.")] = "state:belgium",
    root: RootOption = None,
) -> None:
    """List every disagreement between the graph and the ATOP and COW alliance datasets, with both values.

    Example: alliance-graph compare --datasets ../shared/datasets
    """
    from alliance_graph.api import open as open_graph
    from alliance_graph.datasets.compare import compare

    try:
        kg = open_graph(root)
        folder = datasets or kg.project.root.parent / "shared" / "datasets"
        code = kg.query("SELECT ?state ?code WHERE { ?state ag:cowCode ?code } ORDER BY ?code", state=state)
        if not isinstance(code, Rows) or not len(code):
            raise QueryError(f"{state} has no COW code in the graph")
        differences = compare(kg, folder, state, int(str(code[0]["code"])))
    except AllianceGraphError as error:
        _fail(error)
        return
    table = Table("agreement", "field", "this graph", "ATOP", "COW", "why", title="Disagreements with ATOP and COW")
    for d in differences:
        table.add_row(d.agreement, d.field, d.graph, d.atop, d.cow, d.why)
    out.print(table)
    out.print(f"{len(differences)} disagreements")


@app.command()
def merge(
    files: Annotated[list[Path], typer.Argument(help="Turtle files of new nodes.")],
    root: RootOption = None,
) -> None:
    """Merge Turtle files into data/, each node into the file for its kind, sources into sources.ttl.

    Example: alliance-graph merge new-facts.ttl
    """
    from alliance_graph.datasets.merge import merge_files

    try:
        written = merge_files(_project(root), files)
    except AllianceGraphError as error:
        _fail(error)
        return
    out.print(f"wrote {', '.join(written) or 'nothing'}")


@app.command()
def publish(
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint", help="Graph Store Protocol URL of the store, e.g. http://localhost:7878/store (Oxigraph)."
        ),
    ],
    root: RootOption = None,
    build_dir: BuildDirOption = None,
) -> None:
    """Load the built dataset into a remote store: one HTTP PUT per named graph, replacing what it held.

    The store must speak the SPARQL 1.1 Graph Store Protocol; query it afterwards with --endpoint on query
    and stats (e.g. http://localhost:7878/query), with its default graph set to the union of named graphs.
    Example: alliance-graph publish --endpoint http://localhost:7878/store
    """
    from alliance_graph.api import open as open_graph
    from alliance_graph.pipeline.remote import check_url
    from alliance_graph.pipeline.remote import publish as run_publish

    try:
        check_url(endpoint)
        kg = open_graph(root, build_dir=build_dir)
        result = run_publish(kg.store, endpoint)
    except AllianceGraphError as error:
        _fail(error)
        return
    for name, count in result.graphs.items():
        out.print(f"  {name or '(default graph)'}: {count} triples")
    out.print(f"published {len(result.graphs)} graphs, {result.triples} triples to {endpoint}")


@app.command()
def view(
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help="The view: alliances, missions or industry.")
    ] = None,
    params: Annotated[list[str] | None, typer.Argument(metavar="[name=value]...", help="Parameters.")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Folder to write to (default: build/views/).")] = None,
    list_views: Annotated[bool, typer.Option("--list", help="List the views, their parameters, and exit.")] = False,
    root: RootOption = None,
    endpoint: EndpointOption = None,
) -> None:
    """Write an interactive graph view as one self-contained HTML page: NAME.html in build/views/.

    Nodes and edges carry tooltips with their dates and sources; the page loads nothing from the network.
    Example: alliance-graph view alliances state=state:belgium date=1960-01-01
    """
    from alliance_graph.queries.catalogue import bind, named_queries
    from alliance_graph.views.network import VIEWS, view_graph, view_spec

    if list_views or name is None:
        if name is None and not list_views:
            _fail(QueryError(f"give a view name ({', '.join(sorted(VIEWS))}) or --list"))
        table = Table("view", "parameters", "shows")
        for spec in VIEWS.values():
            named = named_queries()[spec.query]
            declared = ", ".join(
                f"{p.name} ({p.type}{f', default {p.default}' if p.default else ', optional'})"
                for p in named.parameters
            )
            table.add_row(spec.name, declared or "none", spec.description)
        out.print(table)
        return
    try:
        spec = view_spec(name)
        parsed = _parse_params(params or [])
        bind(named_queries()[spec.query], parsed)  # fail on bad parameters before building anything
        from alliance_graph.api import open as open_graph
        from alliance_graph.views.page import write

        kg = open_graph(root, endpoint=endpoint)
        graph = view_graph(kg, name, **parsed)
        if graph.number_of_nodes() == 0:
            given = " ".join(params or []) or "the defaults"
            raise QueryError(f"view '{name}' has nothing to draw for {given}: its query returned no rows")
        folder = out_dir if out_dir is not None else kg.project.build_dir / "views"
        path = write(graph, folder / f"{name}.html")
    except AllianceGraphError as error:
        _fail(error)
        return
    except OSError as error:
        _fail(AllianceGraphError(f"cannot write the view: {error}"))
        return
    counts = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    out.print(f"wrote {path} ({counts}): {graph.graph['title']}")


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default; 0.0.0.0: every interface).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a query may run before it is stopped.")] = 30.0,
    max_results: Annotated[
        int, typer.Option("--max-results", metavar="N", help="Most rows or triples one answer may hold.")
    ] = 100_000,
    allow_service: Annotated[
        list[str] | None,
        typer.Option("--allow-service", metavar="HOST", help="Let SERVICE call this host or host:port (repeatable)."),
    ] = None,
    cors: Annotated[
        list[str] | None,
        typer.Option("--cors", metavar="ORIGIN", help="Let web pages from this origin call it ('*': any; repeatable)."),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="Query worker processes (0: one per CPU, at least 2).")] = 0,
    cache_mb: Annotated[int, typer.Option("--cache-mb", help="Megabytes of answers to cache (0: none).")] = 64,
    in_memory: Annotated[
        bool, typer.Option("--in-memory/--on-disk", help="Copy the store into each worker's memory, or query on disk.")
    ] = True,
    root: RootOption = None,
    build_dir: BuildDirOption = None,
) -> None:
    """Serve the graph read-only over HTTP: SPARQL at /sparql, named questions at /queries, a page per IRI.

    Builds first if the store is missing or stale. Ctrl-C stops the server.
    Example: alliance-graph serve --port 8000 --timeout 10 --allow-service query.wikidata.org --cors '*'
    """
    from alliance_graph.api import open as open_graph
    from alliance_graph.serve.app import ServerConfig
    from alliance_graph.serve.app import serve as run_server

    try:
        if not 0 <= port <= 65535:
            raise QueryError(f"--port {port} is not a port number (0-65535)")
        if timeout <= 0 or max_results < 1 or workers < 0 or cache_mb < 0:
            raise QueryError("--timeout and --max-results must be positive; --workers and --cache-mb at least 0")
        kg = open_graph(root, build_dir=build_dir)
        store_dir = Path(kg.project.store_dir)
        kg.close()
    except AllianceGraphError as error:
        _fail(error)
        return
    config = ServerConfig(
        host=host,
        port=port,
        timeout=timeout,
        max_results=max_results,
        allow_service=tuple(allow_service or ()),
        cors=tuple(cors or ()),
        workers=workers,
        cache_mb=cache_mb,
        in_memory=in_memory,
    )
    shown = f"[{host}]" if ":" in host else host
    out.print(f"serving {store_dir} on http://{shown}:{port}/ (SPARQL at /sparql; Ctrl-C stops)")
    run_server(store_dir, config)


def main() -> None:
    """Entry point of the ``alliance-graph`` script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
