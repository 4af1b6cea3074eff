"""The package layout shows the flow, and imports only go down it (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "alliance_graph"

#: Each stage and the stages it may import from: the flow runs ground -> queries -> pipeline -> api ->
#: datasets, views -> serve -> cli. A stage may import itself and any stage listed for it, nothing else.
MAY_IMPORT: dict[str, set[str]] = {
    "ground": set(),
    "queries": {"ground"},
    "pipeline": {"ground", "queries"},
    "api": {"ground", "queries", "pipeline"},
    "datasets": {"ground", "queries", "pipeline", "api"},
    "views": {"ground", "queries", "pipeline", "api"},
    "serve": {"ground", "queries", "pipeline", "api", "views"},
    "cli": {"ground", "queries", "pipeline", "api", "datasets", "views", "serve"},
}
GROUND = {"errors", "iris", "paths", "files"}
TOP_LEVEL_API = {"api", "remote", "magic", "__init__"}


def stage_of(module: str) -> str:
    """The stage of a dotted module name inside ``alliance_graph`` (``alliance_graph.serve.app`` -> ``serve``)."""
    parts = module.split(".")
    assert parts[0] == "alliance_graph", module
    if len(parts) == 1:
        return "api"
    head = parts[1]
    if head in GROUND or head == "__version__":  # the version string is package metadata, not the API
        return "ground"
    if head in TOP_LEVEL_API:
        return "api"
    if head in MAY_IMPORT:
        return head
    raise AssertionError(f"{module}: not in any stage; add its folder to tests/test_layout.py and the architecture doc")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> list[tuple[int, str]]:
    """Every ``alliance_graph`` module that ``path`` imports, anywhere in it (function-level imports too)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "alliance_graph":
            # ``from alliance_graph import iris`` imports the module ``alliance_graph.iris``
            found.extend((node.lineno, f"alliance_graph.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return [(line, name) for line, name in found if name.split(".")[0] == "alliance_graph"]


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_folder_is_a_stage() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == {"cli", "datasets", "pipeline", "queries", "serve", "views"}
    assert {p.stem for p in PACKAGE.glob("*.py")} == GROUND | TOP_LEVEL_API


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_only_go_down_the_flow(path: Path) -> None:
    own = stage_of(module_name(path))
    allowed = MAY_IMPORT[own] | {own}
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line}: imports {name} ({stage_of(name)}), a later stage than {own}"
        for line, name in imported(path)
        if stage_of(name) not in allowed
    ]
    assert not wrong, "\n".join(wrong)


def test_the_rule_catches_a_later_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from alliance_graph.serve.app import serve\n", encoding="utf-8")
    assert imported(bad) == [(2, "alliance_graph.serve.app")]
    assert stage_of("alliance_graph.serve.app") not in MAY_IMPORT["pipeline"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_modules_stay_short(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 420, f"{path.relative_to(PACKAGE)} has {lines} lines; split it by what it does"


def test_no_module_keeps_its_folder_prefix() -> None:
    prefixed = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.parent != PACKAGE and p.parent.name != "__pycache__" and p.name.startswith(p.parent.name + "_")
    ]
    assert prefixed == []
