"""Commands that ask questions: query (named, a .rq file or SPARQL) and the list of named questions."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.table import Table

from alliance_graph import iris
from alliance_graph.cli.common import (
    EndpointOption,
    RootOption,
    app,
    cell_text,
    fail,
    out,
    parse_params,
)
from alliance_graph.errors import AllianceGraphError, QueryError
from alliance_graph.queries.rows import Rows


def _render_rows(rows: Rows, fmt_name: str) -> str:
    if fmt_name == "json":
        return json.dumps(rows.to_json(), default=str, ensure_ascii=False, indent=2)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if fmt_name == "tsv" else ",", lineterminator="\n")
    writer.writerow(rows.columns)
    for row in rows:
        writer.writerow([cell_text(row[c]) for c in rows.columns])
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
    with_: Annotated[
        str | None, typer.Option("--with", help="Ask the graph with imported datasets (atop,cow; see build --with).")
    ] = None,
) -> None:
    """Run a named question, a .rq file or a SPARQL string; parameters are bound, never pasted.

    Example: alliance-graph query memberships-on-date state=state:belgium date=1960-01-01
    Example: alliance-graph query members-on-date organization=agreement:atop-3285 date=1980-01-01 --with atop -f csv
    """
    from alliance_graph.api import open as open_graph

    if output not in ("table", "csv", "tsv", "json"):
        fail(QueryError(f"unknown format '{output}': use table, csv, tsv or json"))
    try:
        parsed = parse_params(params or [])
        from alliance_graph.queries.catalogue import bind, resolve

        bind(resolve(query_ref), parsed)  # fail on bad parameters before building anything
        kg = open_graph(root, endpoint=endpoint, include=with_ or ())
        result = kg.query(query_ref, **parsed)
    except AllianceGraphError as error:
        fail(error)
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
        table.add_row(*[cell_text(row[c]) for c in result.columns])
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
