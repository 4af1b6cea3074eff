"""Remote stores, kept at the documented name: the code lives in :mod:`alliance_graph.pipeline.remote`.

``alliance_graph.remote.publish`` uploads a built store to a SPARQL 1.1 Graph Store server;
``alliance_graph.remote.remote_query`` runs a query there.
"""

from alliance_graph.pipeline.remote import (
    PublishResult,
    bind_values,
    check_url,
    graph_url,
    publish,
    remote_query,
    where_groups,
)

__all__ = ["PublishResult", "bind_values", "check_url", "graph_url", "publish", "remote_query", "where_groups"]
