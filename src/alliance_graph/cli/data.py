"""Commands over the shared datasets and other stores: import, compare, merge, publish."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from alliance_graph.cli.common import (
    BuildDirOption,
    RootOption,
    app,
    err,
    fail,
    get_project,
    out,
)
from alliance_graph.errors import AllianceGraphError, QueryError
from alliance_graph.queries.rows import Rows


@app.command(name="import")
def import_dataset(
    what: Annotated[str, typer.Argument(help="atop, cow (every state's alliances, into build/imports/); "
                                              "states, spending or alliance-ids (into data/).")],
    datasets: Annotated[
        Path | None, typer.Option("--datasets", help="Folder of the shared datasets (default: ../shared/datasets).")
    ] = None,
    root: RootOption = None,
) -> None:
    """Import a shared open dataset: ATOP or COW alliances of every state into build/imports/ (their own named
    graphs, included with build --with); or into data/: states from COW, spending from NATO and SIPRI, ATOP and
    COW alliance identifiers. Every row is checked first; a bad one is named by file:line:column and nothing
    is written.

    Example: alliance-graph import atop --datasets ../shared/datasets
    """
    from alliance_graph.datasets.importers import run_import
    from alliance_graph.datasets.world import default_datasets, run_world_import

    try:
        project = get_project(root)
        folder = datasets or default_datasets(project)
        if what in ("atop", "cow"):
            result = run_world_import(project, what, folder)
            counts = ", ".join(f"{count} {kind}" for kind, count in result.report.counts.items())
            out.print(f"imported {what}: {result.triples} triples ({counts})")
            if result.report.curated_pairs:
                out.print(f"  {len(result.report.curated_pairs)} party facts left to the curated graph "
                          "(alliance-graph compare lists where they differ)")
            for note in result.report.dropped:
                err.print(f"note: {note} is not in the v5.0 alliance file (dropped from ATOP); skipped")
            out.print(f"wrote {', '.join(project.relative(p) for p in result.written)}")
            return
        written, unknown = run_import(project, what, folder)
    except AllianceGraphError as error:
        fail(error)
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
    state: Annotated[
        str | None, typer.Option("--state", help="Compare one state (default: every state of the crosswalked "
                                                 "agreements: NATO, the WEU, the Brussels Treaty, ...).")
    ] = None,
    root: RootOption = None,
) -> None:
    """List every disagreement between the graph and the ATOP and COW alliance datasets, with both values.

    Example: alliance-graph compare --datasets ../shared/datasets --state state:belgium
    """
    from alliance_graph.api import open as open_graph
    from alliance_graph.datasets.compare import compare, compare_all
    from alliance_graph.datasets.world import default_datasets

    try:
        kg = open_graph(root)
        folder = datasets or default_datasets(kg.project)
        if state is None:
            differences = compare_all(kg, folder)
        else:
            code = kg.query("SELECT ?state ?code WHERE { ?state ag:cowCode ?code } ORDER BY ?code", state=state)
            if not isinstance(code, Rows) or not len(code):
                raise QueryError(f"{state} has no COW code in the graph")
            differences = compare(kg, folder, state, int(str(code[0]["code"])))
    except AllianceGraphError as error:
        fail(error)
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
        written = merge_files(get_project(root), files)
    except AllianceGraphError as error:
        fail(error)
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
        fail(error)
        return
    for name, count in result.graphs.items():
        out.print(f"  {name or '(default graph)'}: {count} triples")
    out.print(f"published {len(result.graphs)} graphs, {result.triples} triples to {endpoint}")
