"""Which observations a policy version is fit on (rladapters.training_data.select_for_fit): the
trainer, the live replay and an archive's replay all select with it, so its rules are pinned
here: the id range, id order, fallback outcomes kept as None, and an exclusion's criteria (all
given must hold; indices inclusive, times half-open)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rladapters.training_data import select_for_fit

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class Row:
    id: int
    participant_id: str
    decision_index: int
    decided_at: datetime
    state: list[float]
    action: int = 1
    probability: float = 0.5
    probabilities: list[float] | None = None
    reward: float = 1.0
    fallback: bool = False


@dataclass
class Exclusion:
    id: int
    participant_id: str | None = None
    from_index: int | None = None
    to_index: int | None = None
    from_time: datetime | None = None
    to_time: datetime | None = None


# Ids out of order on purpose: the selection orders them.
ROWS = [
    Row(i, p, k, T0 + timedelta(hours=k), [float(i)], fallback=(i == 5))
    for i, p, k in [(3, "a", 2), (1, "a", 0), (2, "b", 0), (4, "b", 1), (5, "a", 3), (6, "b", 2)]
]


def ids(
    *exclusions: Exclusion, after: int = 0, upto: int | None = None, applied: int = 9
) -> list[int]:
    return [i for i, _ in select_for_fit(ROWS, list(exclusions), after, upto, applied)]


def test_the_range_is_after_to_up_to_in_id_order() -> None:
    assert ids() == [1, 2, 3, 4, 5, 6]
    assert ids(after=2, upto=5) == [3, 4, 5]


def test_a_fallback_outcome_is_counted_but_not_fit_on() -> None:
    selected = dict(select_for_fit(ROWS, [], 0, None, 0))
    assert selected[5] is None
    assert selected[3] is not None and selected[3].state == (3.0,)


def test_an_exclusion_holds_where_all_its_criteria_meet() -> None:
    assert ids(Exclusion(1, participant_id="a")) == [2, 4, 6]
    assert ids(Exclusion(1, from_index=1, to_index=2)) == [1, 2, 5]  # both ends inclusive
    assert ids(Exclusion(1, participant_id="b", from_index=1)) == [1, 2, 3, 5]
    # decided_at in [from_time, to_time): index 1's hour is excluded, index 2's is not.
    hour_1 = Exclusion(1, from_time=T0 + timedelta(hours=1), to_time=T0 + timedelta(hours=2))
    assert ids(hour_1) == [1, 2, 3, 5, 6]


def test_only_the_exclusions_up_to_the_recorded_one_apply() -> None:
    both = (Exclusion(1, participant_id="a"), Exclusion(2, participant_id="b"))
    assert ids(*both, applied=1) == [2, 4, 6]
    assert ids(*both, applied=0) == [1, 2, 3, 4, 5, 6]
    assert ids(*both, applied=2) == []
