"""Latencies of the drill's answered requests, and the pause a fault caused: the longest time
without any 2xx answer, from the fault's start to the end of its recovery."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import pairwise


def percentiles(answered: list[tuple[float, float]]) -> dict[str, float]:
    """p50 and p99 of the 2xx answers' latencies, in milliseconds (nearest rank)."""
    took = sorted(seconds for _, seconds in answered)
    if not took:
        return {}

    def ms(q: float) -> float:
        return round(took[min(len(took) - 1, int(q * len(took)))] * 1000, 1)

    return {"p50_ms": ms(0.5), "p99_ms": ms(0.99)}


def longest_pause(answered: list[tuple[float, float]], start: float, end: float) -> float:
    """Seconds of the longest gap between 2xx answers within [start, end] (the times at which
    answers came, in order), counting from `start` and to `end`."""
    times = [at for at, _ in answered]
    inside = times[bisect_left(times, start) : bisect_right(times, end)]
    edges = [start, *inside, end]
    return round(max(b - a for a, b in pairwise(edges)), 2)
