"""The ``%%sparql`` cell magic for IPython and Jupyter: ``%load_ext alliance_graph``, then::

    %%sparql state=state:belgium
    SELECT ?state ?org ?start WHERE {
      ?m org:member ?state ; org:organization ?org ; schema:startDate ?start
    }
    ORDER BY ?start

The cell is SPARQL (project prefixes predeclared), a named question's name or a ``.rq`` path; ``name=value``
parameters are bound, never pasted (``$python_variable`` works, IPython expands it). SPARQL text must project
each parameter (``SELECT ?state ...``: the store binds only projected variables); the column is left out.
A SELECT gives a pandas DataFrame with dates at their precision, ASK a bool, CONSTRUCT a DataFrame of subject,
predicate, object.

Options: ``--endpoint URL`` asks a remote SPARQL endpoint; ``--root DIR`` another checkout; ``--out NAME`` also
stores the result in the variable ``NAME``.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

import pyoxigraph as ox

from alliance_graph.api import KnowledgeGraph
from alliance_graph.api import open as open_graph
from alliance_graph.errors import AllianceGraphError
from alliance_graph.queries.rows import Rows

_XSD = "http://www.w3.org/2001/XMLSchema#"
_graphs: dict[tuple[str | None, str | None], KnowledgeGraph] = {}


def parse_line(line: str) -> tuple[dict[str, str], dict[str, object]]:
    """The magic's options and parameters from its line.

    >>> options, params = parse_line("--endpoint http://h/q state=state:belgium date=1960-01-01 n=3")
    >>> options, params["state"], params["date"].datatype.value, params["n"].value
    ({'endpoint': 'http://h/q'}, 'state:belgium', 'http://www.w3.org/2001/XMLSchema#date', '3')

    Raises:
        ValueError: an unknown option, an option without its value, or a word that is not ``name=value``.
    """
    options: dict[str, str] = {}
    params: dict[str, object] = {}
    words = shlex.split(line)
    while words:
        word = words.pop(0)
        if word.startswith("--"):
            name = word[2:]
            if name not in ("endpoint", "root", "out"):
                raise ValueError(f"unknown option '{word}': use --endpoint URL, --root DIR or --out NAME")
            if not words:
                raise ValueError(f"option '{word}' needs a value")
            options[name] = words.pop(0)
        elif "=" in word:
            name, value = word.split("=", 1)
            params[name.strip()] = _typed(value)
        else:
            raise ValueError(f"'{word}' is not a parameter: write name=value, e.g. state=state:belgium")
    return options, params


def _typed(value: str) -> object:
    """A date or integer as a typed literal (an ad-hoc query declares no parameter types); anything else as is."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "date"))
    if re.fullmatch(r"[+-]?\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "integer"))
    return value


def _graph(root: str | None, endpoint: str | None) -> KnowledgeGraph:
    key = (root, endpoint)
    if key not in _graphs:
        _graphs[key] = open_graph(root, endpoint=endpoint)
    return _graphs[key]


def run_cell(line: str, cell: str) -> Any:
    """What ``%%sparql LINE`` answers for ``cell``: a DataFrame (SELECT, CONSTRUCT) or a bool (ASK).

    Raises:
        ValueError: a bad magic line.
        AllianceGraphError: the query is malformed or a parameter does not fit.
    """
    import pandas as pd

    options, params = parse_line(line)
    text = cell.strip()
    if not text:
        raise ValueError("the cell is empty: write a SPARQL query, a named question or a .rq path below %%sparql")
    result = _graph(options.get("root"), options.get("endpoint")).query(text, **params)
    if isinstance(result, Rows):
        return result.without(set(params)).to_df()
    if isinstance(result, bool):
        return result
    return pd.DataFrame(
        [(str(t.subject), str(t.predicate), str(t.object)) for t in result], columns=["subject", "predicate", "object"]
    )


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%sparql`` (called by ``%load_ext alliance_graph``)."""
    from IPython.core.error import UsageError

    def sparql(line: str, cell: str) -> Any:
        try:
            result = run_cell(line, cell)
        except (ValueError, AllianceGraphError) as err:
            raise UsageError(str(err)) from err
        out = parse_line(line)[0].get("out")
        if out:
            ipython.user_ns[out] = result
        return result

    sparql.__doc__ = __doc__
    ipython.register_magic_function(sparql, magic_kind="cell", magic_name="sparql")
