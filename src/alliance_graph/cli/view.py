"""The view command: interactive graph pages."""

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
            fail(QueryError(f"give a view name ({', '.join(sorted(VIEWS))}) or --list"))
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
        parsed = parse_params(params or [])
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
        fail(error)
        return
    except OSError as error:
        fail(AllianceGraphError(f"cannot write the view: {error}"))
        return
    counts = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    out.print(f"wrote {path} ({counts}): {graph.graph['title']}")
