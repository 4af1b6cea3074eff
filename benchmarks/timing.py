"""Sampling helpers every benchmark script shares: repeated timings in milliseconds and their percentiles."""

from __future__ import annotations

import time
from collections.abc import Callable


def percentile(samples: list[float], pct: float) -> float:
    """The ``pct``-th percentile of ``samples`` (nearest rank)."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds of ``repeat`` calls of ``fn``, after one warm-up call (parse caches, first touch)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples
