"""Where the ontology, data, queries and build outputs live.

A project directory is one holding ``ontology/alliance-graph.ttl`` and ``data/``: the current directory or one of
its parents (a checkout), else the copy bundled in the installed package. Build outputs go to ``build/`` in a
checkout, else to a per-user cache directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
QUERIES_DIR = PACKAGE_DIR / "queries"
ONTOLOGY_FILE = "ontology/alliance-graph.ttl"
SHAPES_FILE = "ontology/shapes.ttl"


def _is_project(path: Path) -> bool:
    return (path / ONTOLOGY_FILE).is_file() and (path / "data").is_dir()


@dataclass(frozen=True)
class Project:
    """The directories one build reads and writes."""

    root: Path
    build_dir: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def shapes_file(self) -> Path:
        return self.root / SHAPES_FILE

    @property
    def store_dir(self) -> Path:
        return self.build_dir / "store"

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes, for messages and graph names."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def ontology_files(self) -> list[Path]:
        """The ontology and its frozen imports (not the shapes), sorted."""
        files = [self.root / ONTOLOGY_FILE]
        files += sorted((self.ontology_dir / "imports").glob("*.ttl"))
        return files

    def data_files(self) -> list[Path]:
        """Every ``data/*.ttl`` file, sorted by name."""
        return sorted(self.data_dir.glob("*.ttl"))


def find_project(
    root: str | os.PathLike[str] | None = None, build_dir: str | os.PathLike[str] | None = None
) -> Project:
    """Locate the project: ``root`` if given, else the working directory or a parent, else the bundled copy.

    Raises:
        FileNotFoundError: ``root`` was given but holds no ontology and data.
    """
    if root is not None:
        path = Path(root).resolve()
        if not _is_project(path):
            raise FileNotFoundError(f"{path}: no {ONTOLOGY_FILE} and data/ here")
        return Project(path, Path(build_dir).resolve() if build_dir else path / "build")
    env_root = os.environ.get("ALLIANCE_GRAPH_ROOT")
    if env_root:
        return find_project(env_root, build_dir)
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _is_project(candidate):
            return Project(candidate, Path(build_dir).resolve() if build_dir else candidate / "build")
    for candidate in (PACKAGE_DIR / "_bundled", PACKAGE_DIR.parent.parent):
        if _is_project(candidate):
            cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "alliance-graph"
            default_build = candidate / "build" if candidate == PACKAGE_DIR.parent.parent else cache
            return Project(candidate.resolve(), Path(build_dir).resolve() if build_dir else default_build)
    raise FileNotFoundError("no alliance-graph project found (ontology/ and data/) here or in the package")
