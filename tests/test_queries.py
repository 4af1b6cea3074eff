"""Every named query: a header that says what it answers, bound parameters, and a run that works."""

from __future__ import annotations

import re
import shlex

import pytest

from alliance_graph.errors import QueryError
from alliance_graph.queries.catalogue import check_queries, derive_queries, named_queries

NAMED = sorted(named_queries())


def example_params(name: str) -> dict[str, str]:
    example = named_queries()[name].example
    words = shlex.split(example)
    assert words[:3] == ["alliance-graph", "query", name], f"{name}: example must start 'alliance-graph query {name}'"
    return dict(w.split("=", 1) for w in words[3:])


@pytest.mark.parametrize("name", NAMED)
def test_header_is_complete(name: str) -> None:
    query = named_queries()[name]
    assert query.question.endswith("?"), f"{name}: the Question line must be a question"
    assert query.returns, f"{name}: no '# Returns:' line"
    assert query.example, f"{name}: no '# Example:' line"
    assert query.sections, f"{name}: no '# Section:' line"
    assert re.search(r"\bORDER BY\b", query.text), f"{name}: results must be ordered"


@pytest.mark.parametrize("name", NAMED)
def test_declared_parameters_are_projected_and_used(name: str) -> None:
    query = named_queries()[name]
    head = query.text[query.text.upper().index("SELECT") :].split("WHERE", 1)[0] if query.form == "SELECT" else ""
    for param in query.parameters:
        assert f"?{param.name}" in query.text.split("SELECT", 1)[1], f"{name}: ?{param.name} is never used"
        if query.form == "SELECT":
            assert f"?{param.name}" in head, f"{name}: ?{param.name} must be projected to be bound (SEP-0007)"


@pytest.mark.parametrize("name", NAMED)
def test_example_runs_on_the_real_graph(kg, name: str) -> None:  # type: ignore[no-untyped-def]
    rows = kg.ask(name, **example_params(name))
    assert rows.columns, f"{name} returned no columns"


def test_checks_and_derivations_have_headers() -> None:
    assert len(check_queries()) >= 8
    assert {q.name for q in derive_queries()} == {"bound-to-defend", "member-of", "participated-in", "party-to"}
    for query in [*check_queries(), *derive_queries()]:
        assert query.question.endswith("?")


def test_ask_rejects_unknown_name(kg) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="unknown query 'membership-on-date'; did you mean memberships-on-date"):
        kg.ask("membership-on-date")


def test_parameters_are_bound_not_pasted(kg) -> None:  # type: ignore[no-untyped-def]
    # Text that would change the query if it were pasted is refused as a value...
    with pytest.raises(QueryError, match="is not an IRI"):
        kg.ask("memberships-on-date", state="<https://w3id.org/alliance-graph/id/state/x> } #", date="1960-01-01")
    # ...and a well-formed IRI that matches nothing simply yields no rows.
    assert len(kg.ask("memberships-on-date", state="state:atlantis", date="1960-01-01")) == 0
