"""Each rule of the contract has an invalid example that must fail on that rule, path and node."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINI, ROOT, SHAPES, make_project

from alliance_graph.errors import BuildError, ValidationFailed
from alliance_graph.paths import find_project
from alliance_graph.pipeline.build import check
from alliance_graph.pipeline.load import load_project
from alliance_graph.pipeline.shacl import default_engine
from alliance_graph.pipeline.validate import check_problems, shape_problems, violations

INVALID = sorted((SHAPES / "invalid").glob("*.ttl"))
CHECKS = sorted((ROOT / "tests" / "data" / "checks").glob("*.ttl"))


def expectations(path: Path) -> dict[str, str]:
    found = dict(re.findall(r"^# expect-([\w-]+): *(.*)$", path.read_text(encoding="utf-8"), re.MULTILINE))
    return {k: v.strip() for k, v in found.items()}


def test_every_node_shape_has_an_invalid_example() -> None:
    shapes_text = (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    defined = set(re.findall(r"^(shape:\w+Shape)\s*$", shapes_text, re.MULTILINE))
    covered = {expectations(p)["shape"] for p in INVALID}
    tolerated = {"shape:DutchLabelShape"}  # a warning, not a violation: tested below
    assert defined - covered - tolerated == set()


def test_every_check_has_an_invalid_example() -> None:
    checks = {f"checks/{p.stem}" for p in (ROOT / "src/alliance_graph/queries/checks").glob("*-violation.rq")}
    covered = {expectations(p)["check"] for p in CHECKS}
    # the ontology-term check runs on the ontology itself; tested in test_ontology.py
    assert checks - covered == {"checks/undocumented-term-violation"}


@pytest.mark.parametrize("example", INVALID, ids=lambda p: p.stem)
def test_invalid_example_fails_on_its_shape_and_path(example: Path, tmp_path: Path) -> None:
    expect = expectations(example)
    project = make_project(tmp_path, [*sorted(MINI.glob("*.ttl")), example])
    problems = violations(shape_problems(load_project(project)))
    matching = [
        p for p in problems
        if p.rule == expect["shape"] and p.path == expect["path"] and p.node == expect["node"]
    ]
    assert matching, f"expected a violation of {expect} among:\n" + "\n".join(map(str, problems))
    assert matching[0].file == f"data/{example.name}"
    assert matching[0].line > 0


@pytest.mark.parametrize("example", CHECKS, ids=lambda p: p.stem)
def test_invalid_example_fails_its_check(example: Path, tmp_path: Path) -> None:
    expect = expectations(example)
    project = make_project(tmp_path, [*sorted(MINI.glob("*.ttl")), example])
    loaded = load_project(project)
    with pytest.raises(ValidationFailed) as failure:
        check(loaded)
    assert any(expect["check"] in p and expect["node"] in p for p in failure.value.problems), failure.value.problems


def test_mini_slice_is_valid(mini_project) -> None:  # type: ignore[no-untyped-def]
    loaded = load_project(mini_project)
    assert violations(shape_problems(loaded)) == []


def test_missing_dutch_label_is_only_a_warning(tmp_path: Path) -> None:
    example = tmp_path / "extra.ttl"
    example.write_text(
        (SHAPES / "invalid" / "agreement--no-scope.ttl").read_text(encoding="utf-8").replace(
            'ag:signatureDate "1950-01-01"^^xsd:date', 'ag:scope ag:Bilateral ; ag:signatureDate "1950-01-01"^^xsd:date'
        ),
        encoding="utf-8",
    )
    project = make_project(tmp_path / "p", [*sorted(MINI.glob("*.ttl")), example])
    problems = shape_problems(load_project(project))
    warnings = [p for p in problems if p.severity == "Warning" and p.node == "agreement:test-treaty"]
    assert [w.message for w in warnings] == ["no Dutch rdfs:label yet"]
    assert violations(problems) == []


def test_checks_pass_on_real_data() -> None:
    from alliance_graph.paths import find_project
    from alliance_graph.pipeline.store import new_store

    loaded = load_project(find_project(ROOT))
    store = new_store(q for f in loaded.files for q in f.quads)
    assert violations(check_problems(loaded, store)) == []  # warnings are tested in test_precision.py


@pytest.mark.parametrize("example", [None, *INVALID], ids=lambda p: p.stem if p else "curated-data")
def test_both_shacl_engines_give_the_same_results(example: Path | None, tmp_path: Path) -> None:
    """pyrudof is the default engine only because it reports exactly what pySHACL reports on our shapes: the same
    node, shape, path, severity and message, on the curated data and on every invalid example."""
    if example is None:
        loaded = load_project(find_project(ROOT))
    else:
        loaded = load_project(make_project(tmp_path, [*sorted(MINI.glob("*.ttl")), example]))
    rudof = shape_problems(loaded, "rudof")
    reference = shape_problems(loaded, "pyshacl")
    assert rudof == reference
    if example is not None:
        assert violations(rudof), "an invalid example must give at least one violation"


def test_default_engine_is_pyrudof() -> None:
    assert default_engine() == "rudof"


def test_unknown_engine_is_named(mini_project) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BuildError, match="unknown SHACL engine 'jena' \\(one of: rudof, pyshacl\\)"):
        shape_problems(load_project(mini_project), "jena")


def test_every_property_shape_has_its_own_message() -> None:
    """Messages come from the contract, not from an engine: both engines then print the same words."""
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    unworded = [(str(s), str(shapes.value(o, SH.path))) for s, o in shapes.subject_objects(SH.property)
                if shapes.value(o, SH.message) is None]
    assert len(list(shapes.subject_objects(SH.property))) > 30
    assert unworded == []
