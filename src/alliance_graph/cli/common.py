"""What every command shares: the Typer app, the consoles, common options, and turning errors into messages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from alliance_graph.errors import AllianceGraphError, QueryError
from alliance_graph.paths import Project, find_project
from alliance_graph.queries.rows import compact_value

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


def get_project(root: Path | None, build_dir: Path | None = None) -> Project:
    try:
        return find_project(root, build_dir)
    except FileNotFoundError as error:
        raise AllianceGraphError(str(error)) from error


def fail(error: AllianceGraphError) -> None:
    err.print(f"[bold red]error:[/] {escape(str(error))}", markup=True, highlight=False)
    raise typer.Exit(error.exit_code)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    return str(compact_value(value))  # type: ignore[arg-type]


def parse_params(values: list[str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for item in values:
        if "=" not in item:
            raise QueryError(f"parameter '{item}' must be written name=value, e.g. state=state:belgium")
        name, value = item.split("=", 1)
        params[name.strip()] = value
    return params
