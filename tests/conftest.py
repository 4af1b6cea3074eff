"""Fixtures: the real graph and a small frozen slice, each built once per run in memory; the world graph (with the
ATOP and COW imports) built once per run on disk; a helper that starts the real server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

import alliance_graph
from alliance_graph.api import KnowledgeGraph
from alliance_graph.paths import Project, find_project

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"
SHAPES = ROOT / "tests" / "data" / "shapes"
DATASETS = Path(os.environ.get("ALLIANCE_GRAPH_DATASETS", ROOT.parent / "shared" / "datasets"))
if not (DATASETS / "atop").is_dir():
    DATASETS = Path("/work/shared/datasets")
#: The Warsaw Pact's members on 1980-01-01 (atop4_01m.csv atopid 3285: eight members from 1955-05-14; Albania, 339,
#: left 1968-09-12), by English label.
WARSAW_PACT_1980 = ["Bulgaria", "Czechoslovakia", "German Democratic Republic", "Hungary", "Poland", "Romania", "Russia"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now (for a server a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Served:
    """A running ``alliance-graph serve``: its loopback port and process."""

    port: int
    process: subprocess.Popen[bytes]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def serving(root: Path, *options: str, wait: float = 180, logs: Path | None = None) -> Iterator[Served]:
    """Start the real ``alliance-graph serve --root ROOT`` on a free loopback port, wait until its start page
    answers, and stop it afterwards; fail with its log (written to ``logs``, default ROOT) if it exits, never
    answers, or logged a traceback."""
    port = free_port()
    log = (logs or root) / f"serve-{port}.log"
    command = [sys.executable, "-m", "alliance_graph.cli", "serve", "--root", str(root), "--port", str(port), *options]
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, cwd=root)
    served = Served(port, process)
    try:
        deadline = time.monotonic() + wait
        while True:
            if process.poll() is not None:
                pytest.fail(f"alliance-graph serve exited: {log.read_text()}")
            try:
                with urllib.request.urlopen(served.base + "/", timeout=10) as answer:
                    if answer.status == 200:
                        break
            except (OSError, urllib.error.HTTPError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"alliance-graph serve did not start: {log.read_text()}")
            time.sleep(0.2)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert "Traceback" not in log.read_text(), log.read_text()


def make_project(tmp: Path, data_files: list[Path]) -> Project:
    """A throw-away project: the real ontology and the given data files."""
    shutil.copytree(ROOT / "ontology", tmp / "ontology")
    (tmp / "data").mkdir()
    for path in data_files:
        shutil.copy(path, tmp / "data" / path.name)
    return find_project(tmp)


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The real graph (ontology + data/) in memory: the current build's dump, else built in memory."""
    return alliance_graph.open(ROOT, in_memory=True)


@pytest.fixture(scope="session")
def mini_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """tests/data/mini as a project of its own."""
    return make_project(tmp_path_factory.mktemp("mini"), sorted(MINI.glob("*.ttl")))


@pytest.fixture(scope="session")
def mini(mini_project: Project) -> KnowledgeGraph:
    """The mini slice, built in memory."""
    return alliance_graph.open(mini_project.root, in_memory=True)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """The curated graph with ATOP and COW, imported and built on disk (validated: a failed check raises) once per
    run; ``world.project.build_dir.parent`` is the build directory to give ``--build-dir`` with ``--with atop,cow``."""
    if not (DATASETS / "atop").is_dir():
        pytest.skip("shared datasets not found")
    from alliance_graph.datasets.world import ensure_imports

    build_dir = tmp_path_factory.mktemp("world-build")
    project = find_project(ROOT, build_dir)
    assert ensure_imports(project, "atop,cow", DATASETS) == ["atop", "cow"]
    return alliance_graph.open(ROOT, build_dir=build_dir, include=("atop", "cow"))


@pytest.fixture()
def scratch_project(tmp_path: Path) -> Project:
    """A writable copy of the mini slice, for tests that break or rebuild it."""
    return make_project(tmp_path / "project", sorted(MINI.glob("*.ttl")))
