"""Commands over the source files and the build: build, fmt, validate, stats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from alliance_graph.cli.common import (
    BuildDirOption,
    EndpointOption,
    RootOption,
    app,
    cell_text,
    err,
    fail,
    get_project,
    out,
)
from alliance_graph.errors import AllianceGraphError, ValidationFailed


@app.command()
def build(
    root: RootOption = None,
    build_dir: BuildDirOption = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if outputs are current.")] = False,
    in_memory: Annotated[bool, typer.Option("--in-memory", help="Build in memory only; write nothing.")] = False,
    with_: Annotated[
        str | None,
        typer.Option("--with", help="Include imported datasets (atop,cow): every state's alliances, into "
                                    "build/with-atop-cow/; imports first what is missing or stale."),
    ] = None,
    datasets: Annotated[
        Path | None, typer.Option("--datasets", help="Folder of the shared datasets, for --with.")
    ] = None,
) -> None:
    """Load ontology and data, validate, derive shortcuts, load the store, write dumps.

    Example: alliance-graph build --with atop,cow
    """
    from alliance_graph.pipeline.build import build as run_build
    from alliance_graph.pipeline.build import is_current
    from alliance_graph.pipeline.imports import normalise, target

    try:
        base = get_project(root, build_dir)
        include = normalise(with_)
        if include:
            import time

            from alliance_graph.datasets.world import ensure_imports

            started = time.perf_counter()
            ran = ensure_imports(base, include, datasets)
            if ran:
                out.print(f"imported {', '.join(ran)} in {time.perf_counter() - started:.2f}s")
        project = target(base, include)
        result = run_build(base, in_memory=in_memory, force=force, include=include)
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
            table.add_row(cell_text(row["class"]), str(row["count"]))
        out.print(table)
        timing = ", ".join(f"{stage} {secs:.2f}s" for stage, secs in result.seconds.items())
        out.print(f"  seconds per stage: {timing}")
        if result.warnings:
            out.print(f"  {len(result.warnings)} warnings (alliance-graph validate lists them)")
        if not in_memory:
            assert is_current(base, include)
    except AllianceGraphError as error:
        fail(error)


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
        project = get_project(root)
        files = parse_files(project, project.data_files())
        result = format_files(files, check=check)
    except AllianceGraphError as error:
        fail(error)
        return
    if check and result.changed:
        for name in result.changed:
            err.print(f"{name}: not canonical Turtle; run 'alliance-graph fmt'")
        raise typer.Exit(1)
    verb = "would rewrite" if check else "rewrote"
    out.print(f"{result.checked} files checked, {verb} {len(result.changed)}")


@app.command()
def validate(
    root: RootOption = None,
    engine: Annotated[str | None, typer.Option(
        help="SHACL engine: rudof (the default where pyrudof is installed) or pyshacl (the reference engine); "
             "both report the same results")] = None,
) -> None:
    """Check data/ against the shapes (SHACL) and the SPARQL checks; list every problem.

    Exit 0 if only warnings, 1 on violations, 2 on unreadable input.
    Example: alliance-graph validate --engine pyshacl
    """
    from alliance_graph.pipeline.build import check
    from alliance_graph.pipeline.load import load_project

    try:
        project = get_project(root)
        loaded = load_project(project)
        _, warnings = check(loaded, engine=engine)
    except ValidationFailed as error:
        for problem in error.problems:
            err.print(problem)
        err.print(f"[bold red]{len(error.problems)} violations[/]", markup=True)
        raise typer.Exit(1) from None
    except AllianceGraphError as error:
        fail(error)
        return
    for warning in warnings:
        err.print(f"warning: {warning}")
    out.print(f"valid: {len(loaded.data)} data files conform to the shapes and checks ({len(warnings)} warnings)")


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
        fail(error)
        return
    for title, rows in results.items():
        table = Table(*rows.columns, title=title, title_justify="left")
        for row in rows:
            table.add_row(*[cell_text(row[c]) for c in rows.columns])
        out.print(table)
