"""A participant's life-cycle: REGISTERED -> STARTED (first action) -> COMPLETED_AWAITING_REVIEW
(after the last decision) -> ENDED; WITHDRAWN from any state before ENDED."""

from __future__ import annotations

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


def cache_key(namespace: str, study_id: str, participant_id: str) -> str:
    """Where the gateway caches a participant; whoever changes one deletes this after commit."""
    return f"{namespace}:participant:{study_id}:{participant_id}"
