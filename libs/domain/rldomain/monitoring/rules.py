"""The arithmetic of the checks that need more than a count."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def integrity_z(taken: float, expected: float, variance: float) -> float:
    """|z| of one action over a set of decisions: (times taken - sum of its probabilities) /
    sqrt(sum p(1 - p)). A sound randomization keeps it near N(0, 1); 0 when no decision had
    any uncertainty (every p was 0 or 1), since then nothing was randomized."""
    if variance <= 0:
        return 0.0
    return abs(taken - expected) / math.sqrt(variance)


def at_bound(
    probability: float,
    probabilities: Sequence[float] | None,
    bounds: tuple[float, float],
    tolerance: float = 1e-9,
) -> bool:
    """Whether a decision's allocation sits at a clip bound: binary (`probabilities` None),
    action 1's probability at low or high; with K actions, any action's at the floor `low`. A
    bound of 0 or 1 clips nothing and never counts."""
    low, high = bounds
    if probabilities is None:
        return (low > 0 and abs(probability - low) <= tolerance) or (
            high < 1 and abs(probability - high) <= tolerance
        )
    return low > 0 and any(abs(q - low) <= tolerance for q in probabilities)


def longest_run(flags: Iterable[bool]) -> int:
    """The longest run of consecutive true flags (one participant's decisions, in index
    order, each at a bound or not)."""
    run = longest = 0
    for flag in flags:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    return longest


def allocation_outliers(
    slots: Iterable[tuple[int, int, float, int]],
    probability: tuple[float, float],
    treated_share: tuple[float, float],
    min_decisions: int,
) -> tuple[list[int], list[int]]:
    """The decision times (slot, decisions, mean P(treatment), treated) whose mean probability,
    and those whose treated share, lie outside their bounds; slots under `min_decisions`
    decisions are left out (a handful of draws says little)."""
    by_probability, by_share = [], []
    for slot, n, mean, treated in slots:
        if n < min_decisions:
            continue
        if not probability[0] <= mean <= probability[1]:
            by_probability.append(slot)
        if not treated_share[0] <= treated / n <= treated_share[1]:
            by_share.append(slot)
    return by_probability, by_share


def outside_burden(treated: int, cap: int | None, floor: int | None) -> bool:
    """Whether a participant's treatments over 7 days exceed the cap or fall under the floor."""
    return (cap is not None and treated > cap) or (floor is not None and treated < floor)
