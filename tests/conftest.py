"""Fixtures: the real graph and a small frozen slice, each built once per run in memory."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

import alliance_graph
from alliance_graph.api import KnowledgeGraph
from alliance_graph.paths import Project, find_project

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"
SHAPES = ROOT / "tests" / "data" / "shapes"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now (for a server a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def make_project(tmp: Path, data_files: list[Path]) -> Project:
    """A throw-away project: the real ontology and the given data files."""
    shutil.copytree(ROOT / "ontology", tmp / "ontology")
    (tmp / "data").mkdir()
    for path in data_files:
        shutil.copy(path, tmp / "data" / path.name)
    return find_project(tmp)


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The real graph (ontology + data/), built in memory."""
    return alliance_graph.open(ROOT, in_memory=True)


@pytest.fixture(scope="session")
def mini_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """tests/data/mini as a project of its own."""
    return make_project(tmp_path_factory.mktemp("mini"), sorted(MINI.glob("*.ttl")))


@pytest.fixture(scope="session")
def mini(mini_project: Project) -> KnowledgeGraph:
    """The mini slice, built in memory."""
    return alliance_graph.open(mini_project.root, in_memory=True)


@pytest.fixture()
def scratch_project(tmp_path: Path) -> Project:
    """A writable copy of the mini slice, for tests that break or rebuild it."""
    return make_project(tmp_path / "project", sorted(MINI.glob("*.ttl")))
