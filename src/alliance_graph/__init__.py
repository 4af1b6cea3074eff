"""alliance-graph: a sourced RDF knowledge graph of Belgium's military alliances.

Typical use::

    >>> import alliance_graph
    >>> kg = alliance_graph.open()                      # doctest: +SKIP
    >>> kg.ask("memberships-on-date", state="state:belgium", date="1960-01-01").to_dicts()  # doctest: +SKIP
    >>> kg.find("NAVO")[0].curie                          # doctest: +SKIP
    'organization:nato'

In IPython or Jupyter, ``%load_ext alliance_graph`` adds the ``%%sparql`` cell magic.
"""

__version__ = "0.1.0"

from alliance_graph.api import KnowledgeGraph, open
from alliance_graph.errors import AllianceGraphError
from alliance_graph.queries.rows import Rows

__all__ = ["AllianceGraphError", "KnowledgeGraph", "Rows", "__version__", "load_ipython_extension", "open"]


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext alliance_graph``: registers the ``%%sparql`` cell magic (see :mod:`alliance_graph.magic`)."""
    from alliance_graph.magic import load_ipython_extension as load

    load(ipython)
