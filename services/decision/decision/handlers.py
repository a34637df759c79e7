"""The decision service's handlers: plain functions of their dependencies and one batch."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from decision.dependencies import Dependencies
from rlkernel.events import ActionRequested, DecisionMade, PolicyUpdated


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


async def record_decisions(deps: Dependencies, decisions: Sequence[DecisionMade]) -> None:
    recorded = await asyncio.to_thread(deps.record, decisions)
    await deps.participant_cache.forget(recorded.moved)  # the gateway's copies are stale
    # Two different decisions for one slot must never happen: keep both, for a human to judge.
    for conflict in recorded.conflicts:
        await deps.dead_letter(
            source_topic=deps.topics.decisions_made,
            reason="a different decision holds this slot or rid",
            payload=conflict.model_dump(mode="json"),
            key=conflict.participant_id,
        )


async def policy_changed(deps: Dependencies, event: PolicyUpdated) -> None:
    deps.policies.invalidate(event.study_id)
