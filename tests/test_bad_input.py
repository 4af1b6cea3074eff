"""Bad input gets one clear message naming file and line (or node and shape), the right exit code, no
traceback, and nothing half-written under build/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from alliance_graph.paths import Project

MEMBERSHIP = """@prefix org: <http://www.w3.org/ns/org#> .
@prefix membership: <https://w3id.org/alliance-graph/id/membership/> .
@prefix organization: <https://w3id.org/alliance-graph/id/organization/> .
@prefix state: <https://w3id.org/alliance-graph/id/state/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

membership:belgium--nato--2000
    a org:Membership ;
    rdfs:label "Broken membership"@en ;
    org:member state:belgium ;
    org:organization organization:nato ;
    schema:startDate {start} ;
.
"""


def run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alliance_graph.cli", *args, "--root", str(project.root)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=project.root,
    )


def write(project: Project, name: str, text: str) -> Path:
    path = project.data_dir / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_clean_error(result: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.fixture()
def built(scratch_project: Project) -> Project:
    result = run(scratch_project, "build")
    assert result.returncode == 0, result.stderr
    return scratch_project


def snapshot(project: Project) -> dict[str, bytes]:
    return {
        p.relative_to(project.build_dir).as_posix(): p.read_bytes()
        for p in sorted(project.build_dir.rglob("*"))
        if p.is_file() and not p.name.startswith("LOCK") and "store" not in p.parts
    }


def test_turtle_syntax_error_names_file_and_line(built: Project) -> None:
    before = snapshot(built)
    write(built, "broken.ttl", MEMBERSHIP.replace("    org:member state:belgium ;\n", "    org:member state:belgium\n").format(start='"2000-01-01"^^xsd:date'))
    result = run(built, "build")
    assert_clean_error(result, 2, "data/broken.ttl:13:", "Turtle syntax error")
    assert snapshot(built) == before
    assert not list(built.build_dir.glob(".store-*")), "a temporary store was left behind"


def test_unknown_prefix_names_file_and_line(built: Project) -> None:
    write(built, "broken.ttl", MEMBERSHIP.format(start='"2000-01-01"^^xsd:date').replace("state:belgium", "nation:belgium"))
    result = run(built, "validate")
    assert_clean_error(result, 2, "data/broken.ttl:12:", "nation:")


def test_foreign_prefix_binding_is_refused(built: Project) -> None:
    text = MEMBERSHIP.format(start='"2000-01-01"^^xsd:date').replace(
        "<https://w3id.org/alliance-graph/id/state/>", "<https://example.org/state/>"
    )
    write(built, "broken.ttl", text)
    result = run(built, "validate")
    assert_clean_error(result, 2, "data/broken.ttl:4:", "prefix 'state:' is bound to <https://example.org/state/>")


def test_malformed_date_names_file_and_line(built: Project) -> None:
    write(built, "broken.ttl", MEMBERSHIP.format(start='"2000-13-45"^^xsd:date'))
    result = run(built, "build")
    assert_clean_error(result, 2, "data/broken.ttl:14:", 'malformed xsd:date literal "2000-13-45"')


def test_fact_without_source_fails_validation_with_node_and_shape(built: Project) -> None:
    before = snapshot(built)
    write(built, "broken.ttl", MEMBERSHIP.format(start='"2000-01-01"^^xsd:date'))
    result = run(built, "build")
    assert_clean_error(
        result, 1, "data/broken.ttl:9: membership:belgium--nato--2000: prov:wasDerivedFrom: needs at least one source",
        "[shape:SourcedShape]",
    )
    assert snapshot(built) == before


@pytest.mark.parametrize("engine", ["rudof", "pyshacl"])
def test_each_engine_names_the_same_violation(built: Project, engine: str) -> None:
    write(built, "broken.ttl", MEMBERSHIP.format(start='"2000-01-01"^^xsd:date'))
    result = run(built, "validate", "--engine", engine)
    assert_clean_error(
        result, 1, "data/broken.ttl:9: membership:belgium--nato--2000: prov:wasDerivedFrom: needs at least one source",
        "[shape:SourcedShape]",
    )


def test_unknown_shacl_engine_is_refused(built: Project) -> None:
    result = run(built, "validate", "--engine", "jena")
    assert_clean_error(result, 2, "unknown SHACL engine 'jena' (one of: rudof, pyshacl)")


def test_end_before_start_fails_validation(built: Project) -> None:
    text = MEMBERSHIP.format(start='"2000-01-01"^^xsd:date ;\n    schema:endDate "1999-01-01"^^xsd:date')
    write(built, "broken.ttl", text)
    result = run(built, "validate")
    assert_clean_error(result, 1, "schema:startDate is after schema:endDate", "[shape:StartDateShape]")


def test_blank_node_in_data_is_refused(built: Project) -> None:
    write(built, "broken.ttl", MEMBERSHIP.format(start='"2000-01-01"^^xsd:date').replace(
        "org:member state:belgium", "org:member [ a org:Organization ]"))
    result = run(built, "validate")
    assert_clean_error(result, 2, "data/broken.ttl:", "blank nodes are not allowed")


def test_unknown_query_name_suggests_the_closest(built: Project) -> None:
    result = run(built, "query", "memberships-on-dat")
    assert_clean_error(result, 2, "unknown query 'memberships-on-dat'; did you mean memberships-on-date")


def test_unknown_parameter_lists_the_known_ones(built: Project) -> None:
    result = run(built, "query", "memberships-on-date", "state=state:belgium", "when=1960-01-01")
    assert_clean_error(result, 2, "query 'memberships-on-date' has no parameter 'when' (parameters: state, date)")


def test_missing_parameter_gives_an_example(built: Project) -> None:
    result = run(built, "query", "memberships-on-date", "state=state:belgium")
    assert_clean_error(result, 2, "needs parameter 'date' (xsd:date)", "e.g. alliance-graph query memberships-on-date")


def test_wrong_parameter_type(built: Project) -> None:
    result = run(built, "query", "memberships-on-date", "state=state:belgium", "date=1960")
    assert_clean_error(result, 2, "parameter date: '1960' is not a date (YYYY-MM-DD)")


def test_malformed_sparql_string(built: Project) -> None:
    result = run(built, "query", "SELECT ?x WHERE { ?x a ag:State ")
    assert_clean_error(result, 2, "malformed SPARQL in '<sparql>': error at 1:")


def test_bad_format_option(built: Project) -> None:
    result = run(built, "query", "graph-totals", "--format", "xml")
    assert_clean_error(result, 2, "unknown format 'xml': use table, csv, tsv or json")


def test_fmt_check_reports_non_canonical_file(built: Project) -> None:
    write(built, "extra.ttl", MEMBERSHIP.format(start='"2000-01-01"^^xsd:date'))
    result = run(built, "fmt", "--check")
    assert_clean_error(result, 1, "data/extra.ttl: not canonical Turtle; run 'alliance-graph fmt'")


def test_fmt_leaves_every_file_untouched_when_one_is_broken(built: Project) -> None:
    write(built, "extra.ttl", MEMBERSHIP.format(start='"2000-01-01"^^xsd:date'))
    broken = write(built, "zz-broken.ttl", "this is not turtle")
    before = {p.name: p.read_bytes() for p in built.data_dir.glob("*.ttl")}
    result = run(built, "fmt")
    assert_clean_error(result, 2, "data/zz-broken.ttl:1:")
    assert {p.name: p.read_bytes() for p in built.data_dir.glob("*.ttl")} == before
    broken.unlink()
