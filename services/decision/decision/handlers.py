"""The decision service's handlers: plain functions of their dependencies and one batch."""

from __future__ import annotations

from collections.abc import Sequence

from decision.dependencies import Dependencies
from rlkernel.events import (
    ActionRequested,
    PolicyControlChanged,
    PolicyUpdated,
    StudyControlChanged,
)


async def answer_requests(deps: Dependencies, requests: Sequence[ActionRequested]) -> None:
    """Answers every request of a known study; one for an unknown study cannot ever succeed."""
    for unknown in (r for r in requests if r.study_id not in deps.studies):
        await deps.dead_letter(
            source_topic=deps.topics.actions_requested,
            reason=f"unknown study {unknown.study_id!r}",
            payload=unknown.model_dump(mode="json"),
            key=unknown.participant_id,
        )
    known = [r for r in requests if r.study_id in deps.studies]
    if known:
        await deps.decider.answer(known)


async def policy_changed(
    deps: Dependencies, event: PolicyUpdated | PolicyControlChanged | StudyControlChanged
) -> None:
    """A new version, a pin or unpin, or a pilot reset: the next decision reads the served one
    anew."""
    deps.policies.invalidate(event.study_id)
