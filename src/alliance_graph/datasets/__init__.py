"""Shared open datasets (ATOP, COW, NATO, SIPRI) -> dataset-sourced Turtle; comparison with them; merging Turtle."""
