"""The serve command: the read-only HTTP endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_graph.cli.common import (
    BuildDirOption,
    RootOption,
    app,
    fail,
    out,
)
from alliance_graph.errors import AllianceGraphError, QueryError


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
    with_: Annotated[
        str | None,
        typer.Option(
            "--with", help="Serve the graph with imported datasets (atop,cow; import them first, see build --with)."
        ),
    ] = None,
    root: RootOption = None,
    build_dir: BuildDirOption = None,
) -> None:
    """Serve the graph read-only over HTTP: SPARQL at /sparql, named questions at /queries, a page per IRI.

    Builds first if the store is missing or stale. Ctrl-C stops the server.
    Example: alliance-graph serve --port 8000 --timeout 10 --allow-service query.wikidata.org --cors '*'
    Example: alliance-graph serve --with atop,cow
    """
    from alliance_graph.api import open as open_graph
    from alliance_graph.serve.app import ServerConfig
    from alliance_graph.serve.app import serve as run_server
    from alliance_graph.serve.served import ServedGraph, imported_graphs

    try:
        if not 0 <= port <= 65535:
            raise QueryError(f"--port {port} is not a port number (0-65535)")
        if timeout <= 0 or max_results < 1 or workers < 0 or cache_mb < 0:
            raise QueryError("--timeout and --max-results must be positive; --workers and --cache-mb at least 0")
        kg = open_graph(root, build_dir=build_dir, include=with_ or ())
        store_dir = Path(kg.project.store_dir)
        served = ServedGraph(store_dir, imported_graphs(kg.store))
        kg.close()
    except AllianceGraphError as error:
        fail(error)
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
    out.print(f"serving {served.summary()} from {store_dir}")
    out.print(f"on http://{shown}:{port}/ (SPARQL at /sparql; Ctrl-C stops)")
    run_server(store_dir, config)
