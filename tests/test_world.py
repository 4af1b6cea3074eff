"""Every state's alliances: the ATOP and COW imports build and validate with the curated graph, and the named
questions answer for states other than Belgium. Expected answers were read off the dataset rows (cited below).
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import DATASETS, WARSAW_PACT_1980

from alliance_graph.api import KnowledgeGraph
from alliance_graph.queries.rows import Rows

pytestmark = pytest.mark.skipif(not (DATASETS / "atop").is_dir(), reason="shared datasets not found")


def _compact(rows: object) -> list[dict[str, object]]:
    assert isinstance(rows, Rows)
    return rows.compact()


def test_france_defence_commitments_on_1936_01_01(world: KnowledgeGraph) -> None:
    # atop4_01m.csv: member 220 with defense=1 in force on 1936-01-01 (lines 335, ...): 2055 Franco-Belgian
    # accord, 2060 Franco-Polish alliance, 2130 Locarno, 2135/2140 guarantees to Poland and Czechoslovakia,
    # 2360 Franco-Soviet pact; COW v4.1 codes the same six as defence pacts (103, 104, 118, 119, 120, 159).
    rows = _compact(world.ask("commitments-in-force-on-date", state="state:france", date="1936-01-01"))
    defence = {str(r["agreement"]) for r in rows if "obl:defence" in str(r["obligations"]).split()}
    assert defence == {
        "agreement:atop-2055", "agreement:atop-2060", "agreement:atop-2130", "agreement:atop-2135",
        "agreement:atop-2140", "agreement:atop-2360",
        "agreement:cow-103", "agreement:cow-104", "agreement:cow-118", "agreement:cow-119", "agreement:cow-120",
        "agreement:cow-159",
    }
    soviet = next(r for r in rows if r["agreement"] == "agreement:atop-2360")
    assert soviet["since"] == date(1935, 5, 2)
    assert soviet["sources"] == "source:atop-5-0--atop4-01m--2360--220--0--1935"
    assert set(str(soviet["obligations"]).split()) == {"obl:defence", "obl:consultation"}


def test_members_of_the_warsaw_pact_on_1980_01_01(world: KnowledgeGraph) -> None:
    # atop4_01m.csv atopid 3285: eight members from 1955-05-14; Albania (339) left 1968-09-12.
    rows = _compact(world.ask("members-on-date", organization="agreement:atop-3285", date="1980-01-01"))
    assert sorted(str(r["memberLabel"]) for r in rows) == WARSAW_PACT_1980
    assert {r["start"] for r in rows} == {date(1955, 5, 14)}
    gdr = world.query("SELECT ?end WHERE { party:german-democratic-republic--atop-3285--1955 schema:endDate ?end }")
    assert [str(r["end"]) for r in gdr] == ["1990-10-03"]  # type: ignore[union-attr]


def test_imported_facts_are_in_their_own_named_graphs(world: KnowledgeGraph) -> None:
    rows = world.query(
        "SELECT ?g WHERE { GRAPH ?g { party:france--atop-2055--1920 a ag:AgreementParty } } ORDER BY ?g")
    assert [str(r["g"]) for r in rows] == ["https://w3id.org/alliance-graph/graph/import/atop"]  # type: ignore[union-attr]
    rows = world.query("SELECT ?g WHERE { GRAPH ?g { state:belgium a ag:State } } ORDER BY ?g")
    assert [str(r["g"]) for r in rows] == ["https://w3id.org/alliance-graph/graph/data/states.ttl"]  # type: ignore[union-attr]


def test_every_imported_fact_cites_a_dataset_row(world: KnowledgeGraph) -> None:
    uncited = world.query(
        "SELECT (COUNT(DISTINCT ?fact) AS ?n) WHERE { GRAPH ?g { ?fact a ?type } "
        "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/alliance-graph/graph/import/')) "
        "FILTER (?type IN (ag:AgreementParty, ag:Agreement, ag:SystemMembership)) "
        "FILTER NOT EXISTS { ?fact prov:wasDerivedFrom ?row . ?row a ag:DatasetRow } }")
    assert [int(str(r["n"])) for r in uncited] == [0]  # type: ignore[union-attr]
    row = world.query(
        "SELECT ?file ?key ?dataset ?version WHERE { source:atop-5-0--atop4-01m--2055--220--0--1920 "
        "ag:datasetFile ?file ; ag:rowKey ?key ; dcterms:isPartOf ?dataset . ?dataset schema:version ?version }")
    assert _compact(row) == [{"file": "atop/atop4_01m.csv", "key": "atopid=2055; member=220; phase=0; yrent=1920",
                              "dataset": "source:atop-5-0",
                              "version": "5.0 (alliance level); 4.01 (member level)"}]  # the curated node's


def test_conditions_phases_and_precision(world: KnowledgeGraph) -> None:
    # line 335: France's defence in 2055 is conditional on the adversary (defcoadv=1, the other conditions 0)
    rows = world.query("SELECT ?c WHERE { party:france--atop-2055--1920 ag:obligationCondition ?c } ORDER BY ?c")
    assert [str(r["c"]) for r in rows] == [  # type: ignore[union-attr]
        "https://w3id.org/alliance-graph/def/condition/defence-adversary"]
    # atopid 1115 (1844): no day of signature -> month precision, first day of the month
    rows = world.query("SELECT ?start ?precision WHERE { party:united-kingdom--atop-1115--1844 "
                       "schema:startDate ?start ; ag:startPrecision ?precision }")
    assert _compact(rows) == [{"start": date(1844, 6, 1), "precision": "ag:month"}]
    # West Germany (260) in NATO: the curated party node (to 2 October 1990) stands, so ATOP's phase-2 row for the
    # same pair is not imported a second time (the crosswalk skips pairs the curated graph already holds)
    rows = world.query("SELECT ?p ?end ?phase WHERE { ?p ag:agreement agreement:north-atlantic-treaty ; "
                       "ag:party state:german-federal-republic ; schema:endDate ?end OPTIONAL { ?p ag:atopPhase ?phase } }")
    assert [(r["p"], str(r["end"]), r["phase"]) for r in rows.compact()] == [  # type: ignore[union-attr]
        ("party:german-federal-republic--north-atlantic-treaty--1955", "1990-10-02", None)
    ]


def test_curated_facts_are_not_duplicated(world: KnowledgeGraph, kg: KnowledgeGraph) -> None:
    for day in ("1949-12-31", "2024-12-31"):
        curated = _compact(kg.ask("members-on-date", organization="organization:nato", date=day))
        both = _compact(world.ask("members-on-date", organization="organization:nato", date=day))
        assert [r["membership"] for r in both] == [r["membership"] for r in curated]
    belgium = world.query("SELECT ?p WHERE { ?p ag:agreement agreement:north-atlantic-treaty ; ag:party state:belgium }")
    assert [str(r["p"]) for r in belgium] == [  # type: ignore[union-attr]
        "https://w3id.org/alliance-graph/id/party/belgium--north-atlantic-treaty--1949"]


def test_state_system_spells(world: KnowledgeGraph) -> None:
    # states2016.csv: Belgium 1830-12-20..1940-05-28 and 1945-06-26..2016-12-31 (= still a member: open-ended)
    rows = world.query("SELECT ?start ?end WHERE { ?m ag:systemMember state:belgium ; schema:startDate ?start "
                       "OPTIONAL { ?m schema:endDate ?end } } ORDER BY ?start")
    assert _compact(rows) == [{"start": date(1830, 12, 20), "end": date(1940, 5, 28)},
                            {"start": date(1945, 6, 26), "end": None}]


def test_any_state_question_answers_for_an_imported_state(world: KnowledgeGraph) -> None:
    # Brazil is not curated; COW and ATOP code the Rio Treaty (ATOP 3075, atop4_01m.csv lines from 1947-09-02) with it.
    rows = _compact(world.ask("defenders-of-state", state="state:brazil", date="1950-01-01"))
    defenders = {str(r["defender"]) for r in rows if r["agreement"] == "agreement:atop-3075"}
    assert "state:united-states" in defenders and "state:argentina" in defenders


def test_defenders_of_france_on_1936_01_01(world: KnowledgeGraph) -> None:
    # The member-level defence obligations of ATOP (atop4_01m.csv, member 220) and the defence pacts of COW v4.1
    # in force that day: Belgium (1920 accord), Poland (1921, 1925), Locarno's guarantors, Czechoslovakia, the USSR.
    rows = _compact(world.ask("defenders-of-state", state="state:france", date="1936-01-01"))
    defenders: dict[str, set[str]] = {}
    for row in rows:
        defenders.setdefault(str(row["agreement"]), set()).add(str(row["defender"]))
    assert defenders == {
        "agreement:atop-2055": {"state:belgium"}, "agreement:cow-103": {"state:belgium"},
        "agreement:atop-2060": {"state:poland"}, "agreement:cow-104": {"state:poland"},
        "agreement:atop-2130": {"state:belgium", "state:germany", "state:italy", "state:united-kingdom"},
        "agreement:cow-118": {"state:belgium", "state:germany", "state:italy", "state:united-kingdom"},
        "agreement:atop-2135": {"state:poland"}, "agreement:cow-119": {"state:poland"},
        "agreement:atop-2140": {"state:czechoslovakia"}, "agreement:cow-120": {"state:czechoslovakia"},
        "agreement:atop-2360": {"state:russia"}, "agreement:cow-159": {"state:russia"},
    }
    soviet = next(r for r in rows if r["agreement"] == "agreement:atop-2360")
    assert (soviet["obligation"], soviet["since"], soviet["provision"]) == ("obl:defence", date(1935, 5, 2), None)
    assert set(str(soviet["sources"]).split()) == {
        "source:atop-5-0--atop4-01m--2360--220--0--1935", "source:atop-5-0--atop4-01m--2360--365--0--1935",
    }


def test_alliances_view_of_france_on_1936_01_01(world: KnowledgeGraph) -> None:
    # France is party to 21 alliances in force that day (11 ATOP, 10 COW); the view draws every party of each.
    rows = _compact(world.ask("view-alliances", state="state:france", date="1936-01-01"))
    assert len(rows) == 48 and {r["kind"] for r in rows} == {"party to"}
    own = {str(r["to"]) for r in rows if r["from"] == "state:france"}
    assert len(own) == 21 and {"agreement:atop-2360", "agreement:cow-159", "agreement:atop-2130"} <= own
    locarno = {str(r["from"]): r for r in rows if r["to"] == "agreement:atop-2130"}
    assert set(locarno) == {
        "state:belgium", "state:france", "state:germany", "state:italy", "state:united-kingdom",
    }
    assert locarno["state:germany"]["end"] == date(1936, 3, 7)  # the Rhineland: Germany's last day under Locarno
    assert locarno["state:germany"]["sources"] == "source:atop-5-0--atop4-01m--2130--255--0--1925"


def test_dyad_years_from_atop_then_curated(kg: KnowledgeGraph) -> None:
    import csv
    import io

    from alliance_graph.datasets.dyads import COLUMNS, export_dyad_years

    text, count = export_dyad_years(kg, DATASETS, "state:belgium", until=2024)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == count and list(rows[0]) == list(COLUMNS)
    by_year = {int(r["year"]): r for r in rows if r["dyad"] == "211220"}
    # atop4_01m.csv: Belgium (211) and France (220) in 2016 share NATO (3180 phase 2: defense, nonagg, consul), the
    # Helsinki Final Act (3740: nonagg) and the EU (4175 phase 2: defense, consul)
    assert {k: by_year[2016][k] for k in ("alliances", "defense", "offense", "neutral", "nonagg", "consul",
                                         "source")} == {
        "alliances": "3180 3740 4175", "defense": "1", "offense": "0", "neutral": "0", "nonagg": "1",
        "consul": "1", "source": "atop4_01m"}
    assert by_year[2024]["source"] == "curated"
    assert "agreement:north-atlantic-treaty" in by_year[2024]["alliances"].split()
    assert by_year[2024]["defense"] == "1"
    assert min(by_year) == 1832 and 1834 not in by_year  # atopid 1060, 1832-11-10 to 1833-05-21
    assert {r["mem1"] for r in rows} | {r["mem2"] for r in rows} >= {"211", "220", "2"}


def test_world_view_of_1980_draws_the_warsaw_pact_with_its_seven_members(world: KnowledgeGraph) -> None:
    from alliance_graph.views import network, page

    graph = network.view_graph(world, "world", date="1980-01-01")
    assert graph.graph["title"] == "States and the alliances that bound them on 1980-01-01"
    members = {u for u, v in graph.in_edges("agreement:atop-3285")}
    assert members == {"state:bulgaria", "state:czechoslovakia", "state:german-democratic-republic", "state:hungary",
                       "state:poland", "state:romania", "state:russia"}
    assert "state:albania" not in members  # left in 1968
    # NATO on the curated node, Belgium among its parties, with the curated source
    assert ("state:belgium", "agreement:north-atlantic-treaty") in graph.edges()
    assert {graph.nodes[n]["group"] for n in graph} == {"state", "agreement"}
    html = page.render(graph)
    assert "Warsaw" in html or "atop-3285" in html


def test_rdflib_dataset_holds_every_quad_of_the_store(world: KnowledgeGraph) -> None:
    from rdflib import RDF, Literal, Namespace, URIRef

    from alliance_graph import iris

    ag = Namespace(iris.DEF)
    dataset = world.dataset  # made from the store on first use
    quads = list(world.store)
    assert sum(1 for _ in dataset.quads((None, None, None, None))) == len(quads) == len(world.store)
    assert len(dataset) == len({(q.subject, q.predicate, q.object) for q in quads})  # the union's triples
    party = URIRef(iris.ID + "party/france--atop-2055--1920")
    assert (party, RDF.type, ag.AgreementParty) in dataset.graph(URIRef(iris.GRAPH + "import/atop"))
    assert (URIRef(iris.ID + "state/france"), ag.boundToDefend, URIRef(iris.ID + "state/belgium")) in dataset.graph(
        URIRef(iris.DERIVED_GRAPH))  # the derived shortcuts too
    assert Literal("Belgium", lang="en") in set(dataset.objects(URIRef(iris.ID + "state/belgium"), None))
    # rdflib's own engine sees the named graphs as the store does
    rows = dataset.query("SELECT ?g ?key WHERE { GRAPH ?g { ?p ag:party state:france ; ag:agreement agreement:atop-2055 ;"
                         " prov:wasDerivedFrom ?row } ?row ag:rowKey ?key }")
    assert [(str(r.g), str(r.key)) for r in rows] == [  # type: ignore[union-attr]
        (iris.GRAPH + "import/atop", "atopid=2055; member=220; phase=0; yrent=1920")]
