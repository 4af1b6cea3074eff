"""The build pipeline: parse -> validate -> derive -> store -> dumps, atomically, reusing unchanged outputs."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from alliance_graph import __version__
from alliance_graph.errors import BuildError, ValidationFailed
from alliance_graph.files import write_atomically
from alliance_graph.paths import QUERIES_DIR, Project
from alliance_graph.pipeline.derive import derive, describe
from alliance_graph.pipeline.imports import import_files, import_quads, normalise, target
from alliance_graph.pipeline.index import build_index, write_index
from alliance_graph.pipeline.load import Loaded, load_project
from alliance_graph.pipeline.store import load_dump, new_store, nquads, turtle
from alliance_graph.pipeline.validate import Problem, check_problems, shape_problems, violations

log = logging.getLogger(__name__)

NQ_DUMP = "alliance-graph.nq"
TTL_DUMP = "alliance-graph.ttl"
FINGERPRINT = "fingerprint.json"


@dataclass
class BuildResult:
    """What a build did: timings per stage, counts, warnings, and whether it reused the previous outputs."""

    reused: bool
    store_path: Path | None
    seconds: dict[str, float] = field(default_factory=dict)
    triples: int = 0
    derived: int = 0
    warnings: list[Problem] = field(default_factory=list)
    store: ox.Store | None = None


def fingerprint(project: Project, include: Sequence[str] = ()) -> str:
    """SHA-256 over every input (ontology, shapes, data, queries, included imports) and the package version."""
    digest = hashlib.sha256(__version__.encode())
    inputs = [*project.ontology_files(), project.shapes_file, *project.data_files()]
    inputs += import_files(project, include) if include else []
    inputs += sorted(QUERIES_DIR.rglob("*.rq"))
    for path in inputs:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_current(project: Project, include: Sequence[str] = ()) -> bool:
    """True if the build directory holds a store and dumps made from exactly the current inputs (the curated
    graph, or with ``include``d imports: ``build/with-<names>/``)."""
    include = normalise(include)
    outputs = target(project, include)
    marker = outputs.build_dir / FINGERPRINT
    if not marker.is_file() or not outputs.store_dir.is_dir():
        return False
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8")).get("inputs")
        return bool(recorded == fingerprint(project, include))
    except (OSError, ValueError, BuildError):
        return False


def built_dump(build_dir: Path) -> Path | None:
    """The N-Quads dump in ``build_dir`` if it is the one the last completed build wrote beside its store (the
    fingerprint, written last, records its size and time); None if it is missing, changed or from an older build.
    """
    dump = build_dir / NQ_DUMP
    try:
        recorded = json.loads((build_dir / FINGERPRINT).read_text(encoding="utf-8")).get("dump") or {}
        stat = dump.stat()
    except (OSError, ValueError):
        return None
    same = recorded.get("bytes") == stat.st_size and recorded.get("mtime_ns") == stat.st_mtime_ns
    return dump if same else None


def memory_copy(store: ox.Store, path: Path) -> ox.Store:
    """An in-memory copy of the built store at ``path``: loaded from the dump the same build wrote beside it (3
    times faster than reading RocksDB back at 1M quads), else copied quad by quad."""
    dump = built_dump(path.parent)
    if dump is not None:
        memory = load_dump(dump)
        if len(memory) == len(store):
            return memory
        log.warning("%s does not hold the quads of %s; copying the store instead", dump, path)
    memory = ox.Store()
    memory.bulk_extend(store.quads_for_pattern(None, None, None, None))
    return memory


def check(loaded: Loaded, timer: Callable[[str], None] | None = None,
          imported: Sequence[ox.Quad] = (), engine: str | None = None) -> tuple[ox.Store, list[Problem]]:
    """Validate ``loaded`` (shapes and checks); return an in-memory store of it and the warnings.

    Imported quads are not run through the shapes (each importer checks its rows) but are in the store the
    SPARQL checks run on. ``engine`` picks the SHACL engine (:mod:`pipeline.shacl`).

    Raises:
        ValidationFailed: any violation, each located by file, line, node and rule.
    """
    problems = shape_problems(loaded, engine)
    if timer:
        timer("validate")
    store = new_store(q for f in loaded.files for q in f.quads)
    store.bulk_extend(imported)
    problems += check_problems(loaded, store)
    if timer:
        timer("checks")
    blocking = violations(problems)
    if blocking:
        raise ValidationFailed([str(p) for p in sorted(blocking)])
    return store, [p for p in problems if p not in blocking]


def build(project: Project, *, in_memory: bool = False, force: bool = False,
          include: Sequence[str] = ()) -> BuildResult:
    """Build the store and dumps of ``project`` into ``project.build_dir``.

    Inputs are parsed and validated before anything is written. The store is built in a temporary directory
    beside the old one and swapped in only when complete; dumps are written through temporary files; the
    fingerprint is written last. A failure leaves the previous outputs as they were.

    Args:
        project: where inputs are and where outputs go.
        in_memory: build an in-memory store only (no files written).
        force: rebuild even if the outputs are current.
        include: imported datasets to add (``atop``, ``cow``; see :mod:`pipeline.imports`); their outputs go
            to ``build/with-<names>/`` and the default outputs are untouched.

    Raises:
        ParseError: a file is not valid Turtle (exit 2).
        ValidationFailed: the data breaks the shapes or checks (exit 1).
        BuildError: the outputs could not be written.
    """
    include = normalise(include)
    base, project = project, target(project, include)
    if not in_memory and not force and is_current(base, include):
        return BuildResult(reused=True, store_path=project.store_dir)
    seconds: dict[str, float] = {}
    started = [time.perf_counter()]

    def timer(stage: str) -> None:
        now = time.perf_counter()
        seconds[stage] = now - started[0]
        started[0] = now

    loaded = load_project(project)
    timer("parse")
    imported = import_quads(import_files(base, include)) if include else []
    if include:
        timer("parse imports")
    memory_store, warnings = check(loaded, timer, imported)
    derived = derive(memory_store)
    memory_store.bulk_extend(derived)
    described = describe(memory_store)
    memory_store.bulk_extend(described)
    timer("derive")
    quads = [q for f in loaded.files for q in f.quads] + imported + derived + described
    if in_memory:
        timer("store")
        return BuildResult(False, None, seconds, len(quads), len(derived), warnings, memory_store)
    try:
        project.build_dir.mkdir(parents=True, exist_ok=True)
        tmp_dir = Path(tempfile.mkdtemp(prefix=".store-", dir=project.build_dir))
        try:
            store = new_store(quads, tmp_dir / "store")
            del store
            timer("store")
            write_atomically(project.build_dir / NQ_DUMP, nquads(quads))
            write_atomically(project.build_dir / TTL_DUMP, turtle(quads))
            write_index(build_index(memory_store), project.build_dir)
            timer("dumps")
            old = project.build_dir / ".store-old"
            shutil.rmtree(old, ignore_errors=True)
            if project.store_dir.exists():
                project.store_dir.rename(old)
            (tmp_dir / "store").rename(project.store_dir)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp_dir, ignore_errors=True)
        dump = (project.build_dir / NQ_DUMP).stat()
        record = {"inputs": fingerprint(base, include), "triples": len(quads), "version": __version__,
                  "include": list(include), "dump": {"bytes": dump.st_size, "mtime_ns": dump.st_mtime_ns}}
        write_atomically(project.build_dir / FINGERPRINT, json.dumps(record, indent=2) + "\n")
    except OSError as err:
        raise BuildError(f"cannot write build outputs: {err}", file=str(project.build_dir)) from err
    return BuildResult(False, project.store_dir, seconds, len(quads), len(derived), warnings)
