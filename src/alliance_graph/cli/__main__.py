"""``python -m alliance_graph.cli``."""

from alliance_graph.cli import main

main()
