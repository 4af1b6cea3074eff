"""Store -> read-only HTTP: SPARQL protocol, linked-data pages, worker pool, templates."""
