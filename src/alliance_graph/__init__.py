"""alliance-graph: a sourced RDF knowledge graph of Belgium's military alliances.

Typical use::

    >>> import alliance_graph
    >>> kg = alliance_graph.open()                      # doctest: +SKIP
    >>> kg.ask("memberships-on-date", state="state:belgium", date="1960-01-01").to_dicts()  # doctest: +SKIP
"""

__version__ = "0.1.0"

from alliance_graph.api import KnowledgeGraph, open
from alliance_graph.errors import AllianceGraphError
from alliance_graph.queries.rows import Rows

__all__ = ["AllianceGraphError", "KnowledgeGraph", "Rows", "__version__", "open"]
