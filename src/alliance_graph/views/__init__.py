"""Rows -> networkx -> self-contained HTML graph pages."""
