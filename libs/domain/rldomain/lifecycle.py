"""A participant's life-cycle: REGISTERED -> STARTED (first action) -> COMPLETED_AWAITING_REVIEW
(after the last decision) -> ENDED; WITHDRAWN from any state before ENDED."""

from __future__ import annotations

from rldomain.errors import Conflict

REGISTERED = "REGISTERED"
STARTED = "STARTED"
COMPLETED_AWAITING_REVIEW = "COMPLETED_AWAITING_REVIEW"
ENDED = "ENDED"
WITHDRAWN = "WITHDRAWN"

ACCEPTS_ACTIONS = (REGISTERED, STARTED)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    REGISTERED: (STARTED, WITHDRAWN),
    STARTED: (COMPLETED_AWAITING_REVIEW, WITHDRAWN),
    COMPLETED_AWAITING_REVIEW: (ENDED, WITHDRAWN),
    ENDED: (),
    WITHDRAWN: (),
}

MAX_NOTE = 1000  # characters of the staff's note on a change (a review's outcome)


def checked_move(current: str, to: str) -> str:
    """`to`, if a `current` participant may become it; a Conflict otherwise."""
    if to not in TRANSITIONS[current]:
        raise Conflict("invalid_transition", f"a {current} participant cannot become {to}")
    return to
