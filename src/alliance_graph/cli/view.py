"""The view command: explorable graph pages and charts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from alliance_graph.cli.common import (
    EndpointOption,
    RootOption,
    app,
    fail,
    out,
    parse_params,
)
from alliance_graph.errors import AllianceGraphError, QueryError


@app.command()
def view(
    name: Annotated[
        str | None,
        typer.Argument(metavar="NAME", help="The view: alliances, missions, industry, ego, world or timeline."),
    ] = None,
    params: Annotated[list[str] | None, typer.Argument(metavar="[name=value]...", help="Parameters.")] = None,
    out_path: Annotated[
        Path | None,
        typer.Option("--out", help="File to write (.html, .png, .svg), or folder (default: build/views/)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="html; png or svg for the timeline.")] = "html",
    list_views: Annotated[bool, typer.Option("--list", help="List the views, their parameters, and exit.")] = False,
    root: RootOption = None,
    endpoint: EndpointOption = None,
    with_: Annotated[
        str | None, typer.Option("--with", help="Draw the graph with imported datasets (atop,cow; see build --with).")
    ] = None,
) -> None:
    """Write a view as one self-contained page (search, filters, year slider, sources), or the timeline chart.

    One file per view and parameters: build/views/alliances--date-1960-01-01.html. The page loads nothing.
    Example: alliance-graph view alliances state=state:belgium date=1960-01-01
    Example: alliance-graph view world date=1980-01-01 --with atop,cow
    """
    from alliance_graph.queries.catalogue import named_queries
    from alliance_graph.views.network import VIEWS

    if list_views or name is None:
        if name is None and not list_views:
            fail(QueryError(f"give a view name ({', '.join(sorted(VIEWS))}) or --list"))
        table = Table("view", "parameters", "shows")
        for spec in VIEWS.values():
            named = named_queries()[spec.query]
            need = {True: ", required", False: ", optional"}
            declared = [
                f"{p.name} ({p.type}{f', default {p.default}' if p.default else need[p.required]})"
                for p in named.parameters
            ] + [f"{extra} ({about})" for extra, about in spec.extra]
            table.add_row(spec.name, ", ".join(declared) or "none", spec.description)
        out.print(table)
        return
    try:
        from alliance_graph.views import output

        parsed = parse_params(params or [])
        output.check(name, parsed, fmt)  # fail on bad input before building anything
        from alliance_graph.api import open as open_graph

        kg = open_graph(root, endpoint=endpoint, include=with_ or ())
        target = out_path if out_path is not None else kg.project.build_dir / "views"
        written = output.write(kg, name, parsed, target, fmt)
    except AllianceGraphError as error:
        fail(error)
        return
    except OSError as error:
        fail(AllianceGraphError(f"cannot write the view: {error}"))
        return
    counts = f" ({written.nodes} nodes, {written.edges} lines)" if written.nodes is not None else ""
    out.print(f"wrote {written.path}{counts}: {written.title}")
