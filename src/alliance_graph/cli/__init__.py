"""The ``alliance-graph`` command: thin commands over the Python API, one module per group of commands."""

from __future__ import annotations

import logging
import sys

from alliance_graph.cli import ask, data, export, find, graph, serve, view
from alliance_graph.cli.common import app, err

__all__ = ["app", "ask", "data", "export", "find", "graph", "main", "serve", "view"]


def main() -> None:
    """Entry point of the ``alliance-graph`` script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        err.print("interrupted")
        sys.exit(130)

if __name__ == "__main__":  # pragma: no cover
    main()
