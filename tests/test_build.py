"""The build: stages, atomic outputs, reuse of unchanged inputs, sorted dumps."""

from __future__ import annotations

import os

from alliance_graph.paths import Project
from alliance_graph.pipeline.build import FINGERPRINT, NQ_DUMP, TTL_DUMP, build, is_current
from alliance_graph.pipeline.store import open_store


def test_build_writes_store_dumps_and_fingerprint(scratch_project: Project) -> None:
    result = build(scratch_project)
    assert not result.reused
    assert set(result.seconds) == {"parse", "validate", "checks", "derive", "store", "dumps"}
    for name in (NQ_DUMP, TTL_DUMP, FINGERPRINT):
        assert (scratch_project.build_dir / name).is_file()
    lines = (scratch_project.build_dir / NQ_DUMP).read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == result.triples
    store = open_store(scratch_project.store_dir)
    assert len(store) == result.triples
    assert result.derived > 0


def test_rebuild_with_unchanged_inputs_reuses_the_store(scratch_project: Project) -> None:
    build(scratch_project)
    store_files = sorted(p.name for p in scratch_project.store_dir.iterdir())
    again = build(scratch_project)
    assert again.reused
    assert sorted(p.name for p in scratch_project.store_dir.iterdir()) == store_files


def test_changed_input_makes_outputs_stale(scratch_project: Project) -> None:
    build(scratch_project)
    assert is_current(scratch_project)
    path = next(scratch_project.data_dir.glob("*.ttl"))
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not is_current(scratch_project)
    assert not build(scratch_project).reused


def test_dumps_are_reproducible(scratch_project: Project) -> None:
    build(scratch_project)
    first = (scratch_project.build_dir / NQ_DUMP).read_bytes()
    build(scratch_project, force=True)
    assert (scratch_project.build_dir / NQ_DUMP).read_bytes() == first


def test_derived_shortcuts_live_in_their_own_graph(mini) -> None:  # type: ignore[no-untyped-def]
    rows = mini.query(
        "SELECT ?g WHERE { GRAPH ?g { state:belgium ag:memberOf organization:nato } }"
    )
    assert [r["g"] for r in rows] == ["https://w3id.org/alliance-graph/graph/derived"]


def test_a_served_copy_in_memory_comes_from_the_builds_own_dump(scratch_project: Project, caplog) -> None:  # type: ignore[no-untyped-def]
    from alliance_graph.pipeline.build import built_dump, memory_copy

    build(scratch_project)
    dump = scratch_project.build_dir / NQ_DUMP
    assert built_dump(scratch_project.build_dir) == dump
    disk = open_store(scratch_project.store_dir)
    copy = memory_copy(disk, scratch_project.store_dir)
    assert set(copy) == set(disk.quads_for_pattern(None, None, None, None))
    assert not caplog.records
    # a dump changed after the build (here: one quad dropped) is not trusted; the store is copied instead
    lines = dump.read_text(encoding="utf-8").splitlines(keepends=True)
    dump.write_text("".join(lines[1:]), encoding="utf-8")
    assert built_dump(scratch_project.build_dir) is None
    assert len(memory_copy(disk, scratch_project.store_dir)) == len(disk)
    # a dump of the same size and time that does not hold the store's quads is caught by the count
    dump.write_text("".join(lines), encoding="utf-8")
    build(scratch_project, force=True)
    stat = dump.stat()
    twin = next(line for line in lines[1:] if len(line) == len(lines[0]))  # the first quad replaced by a copy of another
    dump.write_text("".join([twin, *lines[1:]]), encoding="utf-8")
    os.utime(dump, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert built_dump(scratch_project.build_dir) == dump
    assert len(memory_copy(disk, scratch_project.store_dir)) == len(disk)
    assert "does not hold the quads" in caplog.text


def test_open_in_memory_loads_the_current_builds_dump_instead_of_building(scratch_project: Project,
                                                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import alliance_graph
    import alliance_graph.api

    build(scratch_project)
    on_disk = alliance_graph.open(scratch_project.root, build_dir=scratch_project.build_dir)

    def answer(kg: alliance_graph.api.KnowledgeGraph) -> list[dict[str, object]]:  # ?sources sorted by Rows
        return list(kg.ask("memberships-on-date", state="state:belgium", date="1960-01-01"))

    expected = answer(on_disk)

    def no_build(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("built again")

    monkeypatch.setattr(alliance_graph.api, "build", no_build)
    kg = alliance_graph.open(scratch_project.root, build_dir=scratch_project.build_dir, in_memory=True)
    assert len(kg.store) == len(on_disk.store)
    assert answer(kg) == expected
    assert [str(row["org"]).rsplit("/", 1)[1] for row in expected] == ["nato", "weu"]


def test_the_build_counts_the_graph_once_in_a_void_description_apart_from_the_data(kg) -> None:  # type: ignore[no-untyped-def]
    import pyoxigraph as ox
    import pytest

    from alliance_graph import iris
    from alliance_graph.pipeline.derive import describe

    void = ox.NamedNode(iris.VOID_GRAPH)
    quads = list(kg.store.quads_for_pattern(None, None, None, None))
    data = {(q.subject, q.predicate, q.object) for q in quads if q.graph_name != void}
    assert 200 < sum(q.graph_name == void for q in quads) < 400
    totals = {row["what"]: row["count"] for row in kg.ask("graph-totals")}
    assert totals["triples"] == len(data)  # the data's triples, not the description's
    per_class = {row["class"]: row["count"] for row in kg.ask("counts-per-class").compact()}
    operations = {q.subject for q in quads if q.predicate.value == iris.PREFIXES["rdf"] + "type"
                  and q.object == ox.NamedNode(iris.DEF + "Operation")}
    assert per_class["ag:Operation"] == len(operations) == 58
    with pytest.raises(ValueError, match="already in the store"):
        describe(kg.store)
