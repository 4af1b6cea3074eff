"""Named facts on the frozen mini slice (Belgium, NATO founders, Brussels Treaty, Western Union, WEU)."""

from __future__ import annotations

import datetime


def test_belgium_on_1960_01_01_is_in_nato_and_the_weu(mini) -> None:  # type: ignore[no-untyped-def]
    rows = mini.ask("memberships-on-date", state="state:belgium", date="1960-01-01").compact()
    assert [(r["org"], r["start"]) for r in rows] == [
        ("organization:nato", datetime.date(1949, 8, 24)),
        ("organization:weu", datetime.date(1955, 5, 6)),
    ]
    assert all(str(r["sources"]).startswith("source:") for r in rows)


def test_belgium_in_1950_was_in_the_western_union_and_nato(mini) -> None:  # type: ignore[no-untyped-def]
    rows = mini.ask("memberships-on-date", state="state:belgium", date="1950-01-01").compact()
    assert [r["org"] for r in rows] == ["organization:western-union", "organization:nato"]


def test_nato_has_12_members_on_1949_12_31(mini) -> None:  # type: ignore[no-untyped-def]
    rows = mini.query(
        """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
             ?x a org:Membership ; org:organization organization:nato ; org:member ?m ; schema:startDate ?s .
             FILTER (?s <= "1949-12-31"^^xsd:date) }"""
    )
    assert rows[0]["n"] == 12


def test_north_atlantic_treaty_dates_and_place(mini) -> None:  # type: ignore[no-untyped-def]
    rows = mini.query(
        """SELECT ?signed ?inForce ?place WHERE {
             agreement:north-atlantic-treaty ag:signatureDate ?signed ; ag:entryIntoForceDate ?inForce ;
                 ag:signedAt/rdfs:label ?place . FILTER (lang(?place) = "en") }"""
    )
    assert rows.to_dicts() == [
        {"signed": datetime.date(1949, 4, 4), "inForce": datetime.date(1949, 8, 24), "place": "Washington, D.C."}
    ]


def test_article_5_creates_the_defence_obligation(mini) -> None:  # type: ignore[no-untyped-def]
    rows = mini.query(
        "SELECT ?obl WHERE { provision:north-atlantic-treaty--article-5 ag:obliges ?obl }"
    ).compact()
    assert [r["obl"] for r in rows] == ["obl:defence"]


def test_weu_ended_in_2011(mini) -> None:  # type: ignore[no-untyped-def]
    rows = mini.query("SELECT ?end WHERE { membership:belgium--weu--1955 schema:endDate ?end }")
    assert rows[0]["end"] == datetime.date(2011, 6, 30)


def test_derived_bound_to_defend_links_belgium_and_the_united_states(mini) -> None:  # type: ignore[no-untyped-def]
    assert mini.query("ASK { state:belgium ag:boundToDefend state:united-states }") is True
