"""The life-cycle's moves: the review ends only a participant awaiting it, and nothing leaves
an ended or withdrawn participant."""

from __future__ import annotations

import pytest

from rldomain.errors import Conflict
from rldomain.lifecycle import (
    COMPLETED_AWAITING_REVIEW,
    ENDED,
    REGISTERED,
    STARTED,
    WITHDRAWN,
    checked_move,
)


@pytest.mark.parametrize(
    ("current", "to"),
    [
        (REGISTERED, STARTED),
        (STARTED, COMPLETED_AWAITING_REVIEW),
        (COMPLETED_AWAITING_REVIEW, ENDED),
        (REGISTERED, WITHDRAWN),
        (STARTED, WITHDRAWN),
        (COMPLETED_AWAITING_REVIEW, WITHDRAWN),
    ],
)
def test_a_move_the_life_cycle_allows_is_made(current: str, to: str) -> None:
    assert checked_move(current, to) == to


@pytest.mark.parametrize(
    ("current", "to"),
    [
        (REGISTERED, ENDED),  # no end without the review
        (STARTED, ENDED),
        (ENDED, WITHDRAWN),
        (WITHDRAWN, ENDED),
        (ENDED, REGISTERED),
        (COMPLETED_AWAITING_REVIEW, STARTED),
    ],
)
def test_any_other_move_is_a_conflict_naming_both_statuses(current: str, to: str) -> None:
    with pytest.raises(Conflict, match=f"a {current} participant cannot become {to}") as refused:
        checked_move(current, to)
    assert refused.value.code == "invalid_transition"
