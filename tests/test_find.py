"""Find by name: the index answers twenty names of different kinds and languages with the right thing first; the
index is written at build time and read back; the CLI and the portable named question agree with it."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from alliance_graph.api import KnowledgeGraph
from alliance_graph.cli import app
from alliance_graph.paths import Project
from alliance_graph.pipeline.build import build
from alliance_graph.pipeline.index import INDEX_FILE, read_index
from alliance_graph.queries.find import normalize

runner = CliRunner()

#: Names as an analyst types them, and the thing each must find first (frozen from the data as it is).
FIRST: dict[str, str] = {
    "herstal": "place:herstal",  # a place, not FN Herstal
    "FN Herstal": "company:fn-herstal",
    "benelux customs": "agreement:london-customs-convention",  # the start of its name
    "Admiral Benelux": "organization:abnl",
    "ABNL": "organization:abnl",  # an acronym, an alternative label
    "Kleine-Brogel": "place:kleine-brogel",
    "Rukla": "place:rukla",
    "NAVO": "organization:nato",  # Dutch acronym
    "OTAN": "organization:nato",  # French acronym
    "the atlantic alliance": "organization:nato",  # a former name
    "belgie": "state:belgium",  # België without its accent
    "BELGIQUE": "state:belgium",
    "shape": "organization:shape",
    "eurocorps": "organization:eurocorps",
    "FINUL": "operation:unifil",  # French acronym of UNIFIL
    "f-35": "programme:f-35-belgium",
    "Noord-Atlantisch Verdrag": "agreement:north-atlantic-treaty",
    "Brussels Treaty": "agreement:brussels-treaty",
    "PESCO": "organization:pesco",
    "Luxemburg": "state:luxembourg",
    "Casteau": "place:casteau",
    "Kosovo Force": "operation:kfor",
    "UNIFIL": "operation:unifil",  # an operation's acronym (ag:acronym), before the events that mention it
    "isaf": "operation:isaf",
}


@pytest.mark.parametrize(("text", "expected"), FIRST.items(), ids=list(FIRST))
def test_find_puts_the_right_thing_first(kg: KnowledgeGraph, text: str, expected: str) -> None:
    assert kg.find(text, limit=3)[0].curie == expected


def test_twenty_names_of_many_kinds_and_languages() -> None:
    kinds = {iri.split(":")[0] for iri in FIRST.values()}
    assert len(FIRST) >= 20
    assert kinds == {"place", "company", "agreement", "organization", "state", "operation", "programme"}


def test_match_shows_how_labels_and_dates_at_precision(kg: KnowledgeGraph) -> None:
    nato = kg.find("NAVO")[0]
    assert (nato.matched.text, nato.matched.lang, nato.how) == ("NAVO", "nl", "exact")
    data = nato.to_json()
    assert data["iri"] == "https://w3id.org/alliance-graph/id/organization/nato"
    assert data["label"] == "North Atlantic Treaty Organization"
    assert {"text": "OTAN", "lang": "fr", "role": "alt"} in data["labels"]
    wartime = kg.find("Admiral Benelux wartime", kind="agreement")[0]
    assert wartime.curie == "agreement:belgium-netherlands-admiral-benelux-wartime-agreement-1975"
    assert wartime.start() == "1975"  # known to the year: not 1975-01-01
    assert wartime.to_json()["start"] == {"value": "1975-01-01", "precision": "year", "text": "1975"}


def test_exact_before_prefix_before_word_before_substring(kg: KnowledgeGraph) -> None:
    hows = [m.how for m in kg.find("herstal", limit=0)]
    assert hows[0] == "exact" and hows == sorted(hows, key=["exact", "word", "whole word", "prefix", "word prefix",
                                                            "substring", "all words"].index)
    assert kg.find("customs benelux")[0].how == "all words"


def test_kind_and_language_filters(kg: KnowledgeGraph) -> None:
    assert [m.curie for m in kg.find("Kleine-Brogel", kind="controversy")] == ["controversy:nuclear-weapons-kleine-brogel"]
    companies = kg.find("herstal", kind="Company", limit=2)  # by type
    assert [(m.curie, m.matched.text) for m in companies] == [
        ("company:fn-browning-group", "Herstal Group"),  # its former name starts with the text
        ("company:fn-herstal", "FN Herstal"),
    ]
    french = kg.find("otan", lang="fr", limit=0)
    assert french and all(m.matched.lang == "fr" for m in french)
    assert kg.find("NAVO", lang="fr") == []


def test_normalize_drops_case_accents_and_punctuation() -> None:
    assert normalize("Grand quartier général") == "grand quartier general"
    assert normalize("Straße") == "strasse"
    assert normalize("Kleine-Brogel") == normalize("kleine brogel")


def test_index_is_built_with_the_store_and_read_back(scratch_project: Project) -> None:
    build(scratch_project)
    saved = scratch_project.build_dir / INDEX_FILE
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["version"] == 1
    index = read_index(scratch_project.build_dir)
    assert index is not None
    assert index.search("Belgique")[0].curie == "state:belgium"
    assert index.search("NAVO")[0].curie == "organization:nato"


def test_cli_find_table_and_json(mini_project: Project) -> None:
    result = runner.invoke(app, ["find", "Belgie", "--root", str(mini_project.root)])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[3]
    assert "state:belgium" in first and "België (nl, exact)" in first
    result = runner.invoke(app, ["find", "nato", "--format", "json", "-n", "1", "--root", str(mini_project.root)])
    assert result.exit_code == 0, result.output
    [nato] = json.loads(result.output)
    assert (nato["curie"], nato["kind"], nato["start"]) == ("organization:nato", "organization", None) or (
        nato["curie"] == "organization:nato" and nato["start"]["precision"] in ("year", "month", "day")
    )


def test_cli_find_bad_input(mini_project: Project) -> None:
    empty = runner.invoke(app, ["find", "  ", "--root", str(mini_project.root)])
    assert empty.exit_code == 2 and "find needs a name to look for" in empty.output
    assert "Traceback" not in empty.output
    nothing = runner.invoke(app, ["find", "zzzzqq", "--root", str(mini_project.root)])
    assert nothing.exit_code == 0 and "nothing is named 'zzzzqq'" in nothing.output
    fmt = runner.invoke(app, ["find", "nato", "--format", "xml", "--root", str(mini_project.root)])
    assert fmt.exit_code == 2 and "unknown format 'xml'" in fmt.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Rukla", "place:rukla"), ("belgie", "state:belgium"), ("ABNL", "organization:abnl"),
     ("Noord-Atlantisch Verdrag", "agreement:north-atlantic-treaty"), ("NAVO", "organization:nato")],
)  # fmt: skip
def test_named_question_finds_the_same_first(kg: KnowledgeGraph, text: str, expected: str) -> None:
    rows = kg.ask("find-by-name", text=text, kind=expected.split(":")[0]).compact()
    assert rows[0]["thing"] == expected and rows[0]["rank"] == 0


def test_named_question_gives_dates_at_precision(kg: KnowledgeGraph) -> None:
    rows = kg.ask("find-by-name", text="admiral benelux agreement for wartime", kind="agreement")
    assert str(rows[0]["start"]) == "1975"


def test_find_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "alliance-graph find" in readme and "/search?q=" in readme and "%%sparql" in readme


def test_kind_order_puts_things_before_facts(kg: KnowledgeGraph) -> None:
    kinds = [m.entry.kind for m in kg.find("eurocorps", limit=0)]
    first_fact = kinds.index("membership")
    assert "organization" in kinds[:first_fact]


