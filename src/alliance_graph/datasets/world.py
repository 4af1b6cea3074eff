"""Every state's alliances: run the ATOP and COW imports into ``build/imports/`` and open the graph with them.

An import reads and checks every row first and writes nothing until all is read: a bad file leaves the previous
imports as they were. Each output is written atomically, with a record of its inputs (``imports.json``) so that
``build --with`` re-imports only when a dataset file or the curated data changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from alliance_graph import __version__
from alliance_graph.api import KnowledgeGraph
from alliance_graph.api import open as open_graph
from alliance_graph.datasets.atop import ALLIANCE_FILE, MEMBER_FILE, Report, import_atop
from alliance_graph.datasets.cow import MEMBER_FILE as COW_FILE
from alliance_graph.datasets.cow import import_cow
from alliance_graph.datasets.cowstates import STATES_FILE, read_states, states_graph
from alliance_graph.datasets.emit import read_curated
from alliance_graph.datasets.sources import CROSSWALK
from alliance_graph.errors import BuildError, QueryError
from alliance_graph.files import write_atomically
from alliance_graph.paths import Project, find_project
from alliance_graph.pipeline.imports import IMPORTABLE, imports_dir, normalise

log = logging.getLogger(__name__)

#: Dataset files each import reads, relative to the datasets folder.
FILES: dict[str, tuple[str, ...]] = {"atop": (STATES_FILE, ALLIANCE_FILE, MEMBER_FILE), "cow": (STATES_FILE, COW_FILE)}
RECORD = "imports.json"


@dataclass
class ImportResult:
    """What an import wrote and counted."""

    written: list[Path] = field(default_factory=list)
    triples: int = 0
    report: Report = field(default_factory=Report)


def default_datasets(project: Project) -> Path:
    """The shared datasets folder: ``$ALLIANCE_GRAPH_DATASETS``, else ``../shared/datasets`` beside the project."""
    env = os.environ.get("ALLIANCE_GRAPH_DATASETS")
    return Path(env) if env else project.root.parent / "shared" / "datasets"


def inputs_digest(project: Project, what: str, datasets: Path) -> str:
    """SHA-256 over the dataset files an import reads, the curated data and the package version."""
    digest = hashlib.sha256(f"{__version__} {what}".encode())
    for name in FILES[what]:
        path = datasets / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    for path in project.data_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(Path(__file__).parent.joinpath("atop.py" if what == "atop" else "cow.py").read_bytes())
    return digest.hexdigest()


def _record(project: Project) -> dict[str, str]:
    path = imports_dir(project) / RECORD
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
    except (OSError, ValueError):
        return {}


def run_world_import(project: Project, what: str, datasets: Path) -> ImportResult:
    """Import ``atop`` or ``cow`` from ``datasets`` into ``build/imports/`` (plus the COW states both use).

    Returns:
        The files written, the number of triples and the importer's report.

    Raises:
        QueryError: an unknown import name.
        DatasetError: a dataset file is missing or a row is bad (file:line:column); nothing is written.
    """
    if what not in IMPORTABLE:
        raise QueryError(f"unknown import '{what}': use {', '.join(IMPORTABLE)}")
    curated = read_curated(project, CROSSWALK)
    states = read_states(datasets, curated)
    outputs = {"cow-states": states_graph(states, curated)}
    if what == "atop":
        outputs["atop"], report = import_atop(datasets, states, curated)
    else:
        outputs["cow"], report = import_cow(datasets, states, curated)
    texts = {name: emitter.turtle() for name, emitter in outputs.items()}
    folder = imports_dir(project)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        result = ImportResult(report=report, triples=sum(len(e.triples) for e in outputs.values()))
        for name, text in sorted(texts.items()):
            write_atomically(folder / f"{name}.ttl", text)
            result.written.append(folder / f"{name}.ttl")
        record = _record(project)
        record[what] = inputs_digest(project, what, datasets)
        write_atomically(folder / RECORD, json.dumps(record, indent=2, sort_keys=True) + "\n")
    except OSError as err:
        raise BuildError(f"cannot write the import: {err}", file=str(folder)) from err
    log.info("imported %s: %d triples", what, result.triples)
    return result


def ensure_imports(project: Project, include: Sequence[str] | str, datasets: Path | None = None) -> list[str]:
    """Run each included import whose output is missing or older than its inputs; return the ones run."""
    folder = datasets or default_datasets(project)
    record = _record(project)
    ran = []
    for what in normalise(include):
        files = [imports_dir(project) / f"{name}.ttl" for name in IMPORTABLE[what]]
        if all(f.is_file() for f in files) and record.get(what) == inputs_digest(project, what, folder):
            continue
        run_world_import(project, what, folder)
        ran.append(what)
    return ran


def open_world(root: str | os.PathLike[str] | None = None, *, include: Sequence[str] | str = ("atop", "cow"),
               datasets: Path | None = None, in_memory: bool = False) -> KnowledgeGraph:
    """Open the curated graph with the imported datasets, importing first what is missing or stale.

    >>> kg = open_world(include="atop,cow")  # doctest: +SKIP
    >>> kg.ask("members-on-date", organization="agreement:atop-3285", date="1980-01-01")  # doctest: +SKIP
    """
    project = find_project(root)
    ensure_imports(project, include, datasets)
    return open_graph(project.root, build_dir=project.build_dir, include=include, in_memory=in_memory)
