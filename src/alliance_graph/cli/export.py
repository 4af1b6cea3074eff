"""Exports for other tools: ATOP-style dyad-years (CSV). Named questions export with ``query -f csv|json``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from alliance_graph.cli.common import RootOption, app, err, fail
from alliance_graph.errors import AllianceGraphError, QueryError


@app.command(name="export")
def export(
    what: Annotated[str, typer.Argument(help="dyad-years (ATOP-style dyad-year CSV).")],
    state: Annotated[
        str | None, typer.Option("--state", help="Only dyads with this state, e.g. state:belgium.")
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write to this file (default: standard output).")
    ] = None,
    datasets: Annotated[
        Path | None, typer.Option("--datasets", help="Folder of the shared datasets (default: ../shared/datasets).")
    ] = None,
    until: Annotated[int | None, typer.Option("--until", help="Last year (default: this year).")] = None,
    root: RootOption = None,
) -> None:
    """Write an ATOP-style dyad-year CSV: one row per pair of states and year in which they share an alliance,
    with the obligation flags; ATOP's member-level rows up to its last year, the curated graph after it.
    Columns: docs/dyad-years.md. (Any named question exports with query -f csv or -f json.)

    Example: alliance-graph export dyad-years --state state:belgium --out belgium-dyads.csv
    """
    from alliance_graph.api import open as open_graph
    from alliance_graph.datasets.dyads import export_dyad_years
    from alliance_graph.datasets.world import default_datasets
    from alliance_graph.files import write_atomically

    try:
        if what != "dyad-years":
            raise QueryError(f"unknown export '{what}': use dyad-years (named questions: query -f csv|json)")
        kg = open_graph(root)
        text, count = export_dyad_years(kg, datasets or default_datasets(kg.project), state, until)
        if out_file is None:
            sys.stdout.write(text)
        else:
            write_atomically(out_file, text)
            err.print(f"wrote {count} dyad-years to {out_file}")
    except AllianceGraphError as error:
        fail(error)
