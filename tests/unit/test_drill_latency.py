"""The drill's latency figures and the pause a fault caused (bench/drill_latency.py)."""

from __future__ import annotations

from bench.drill_latency import longest_pause, percentiles


def test_percentiles_are_nearest_rank_in_milliseconds() -> None:
    answered = [(float(i), (i + 1) / 1000) for i in range(100)]  # 1 ms .. 100 ms
    assert percentiles(answered) == {"p50_ms": 51.0, "p99_ms": 100.0}
    assert percentiles([]) == {}


def test_the_pause_counts_from_the_fault_to_the_first_answer_and_between_answers() -> None:
    answered = [(t, 0.05) for t in (9.0, 10.5, 11.0, 14.0, 14.2, 30.0)]
    assert longest_pause(answered, start=10.0, end=16.0) == 3.0  # 11.0 -> 14.0
    assert longest_pause(answered, start=10.0, end=25.0) == 10.8  # 14.2 -> the end
    assert longest_pause([], start=1.0, end=2.5) == 1.5  # nothing answered at all
