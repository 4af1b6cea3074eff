"""The find command: things by name, in any language."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from alliance_graph.cli.common import RootOption, app, fail, out
from alliance_graph.errors import AllianceGraphError, QueryError


@app.command()
def find(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="A name or part of one, in any language.")],
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind (state, organization, place...) or type (Operation).")
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Only names in this language (en, nl, fr, de).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many (0: all).")] = 10,
    output: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    root: RootOption = None,
) -> None:
    """Find things by name: labels and alternative labels in every language, case and accents ignored.

    Exact names first, then names that start with TEXT, then whole words and word starts. Prints each thing's
    CURIE, kind, English label, the name that matched and its dates at their precision.
    Example: alliance-graph find "Admiral Benelux"
    """
    from alliance_graph.api import open as open_graph

    if output not in ("table", "json"):
        fail(QueryError(f"unknown format '{output}': use table or json"))
    if limit < 0:
        fail(QueryError(f"--limit must be 0 (all) or more, not {limit}"))
    try:
        if not text.strip():
            raise QueryError("find needs a name to look for, e.g. alliance-graph find 'Admiral Benelux'")
        matches = open_graph(root).find(text, kind=kind, lang=lang, limit=limit)
    except AllianceGraphError as error:
        fail(error)
        return
    if output == "json":
        sys.stdout.write(json.dumps([m.to_json() for m in matches], ensure_ascii=False, indent=2) + "\n")
        return
    if not matches:
        where = (f" (kind {kind})" if kind else "") + (f" in '{lang}'" if lang else "")
        out.print(f"nothing is named '{text}'{where}")
        return
    table = Table("thing", "kind", "label", "matched", "start", "end")
    for m in matches:
        matched = f"{m.matched.text} ({m.matched.lang or '-'}, {m.how})"
        table.add_row(m.curie, m.entry.kind, m.entry.label, matched, m.start() or "", m.end() or "")
    out.print(table)
