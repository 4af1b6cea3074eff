"""Source files -> checked store: load, fmt, validate, derive, store, build, and the remote store."""
