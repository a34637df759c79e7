"""Puts the handlers on the broker, through the kernel's consumer runtime (rlkernel.consuming):
which topic, which consumer group, one message or a batch at a time."""

from __future__ import annotations

from faststream.kafka import KafkaBroker

from decision.dependencies import Dependencies
from decision.handlers import answer_requests, policy_changed
from rlkernel.consuming import Consumer
from rlkernel.events import (
    ActionRequested,
    PolicyControlChanged,
    PolicyUpdated,
    StudyControlChanged,
)
from rlkernel.topics import Topics


def subscribe(broker: KafkaBroker, topics: Topics, deps: Dependencies) -> None:
    consume = Consumer(broker, topics, deps.dead_letter)

    # Idempotent (a decided slot is answered from the record), so the runtime may run a message
    # again.
    @consume.batches(topics.actions_requested, ActionRequested, group="decision", max_records=200)
    async def on_action_requested(requests: list[ActionRequested]) -> None:
        await answer_requests(deps, requests)

    # Every replica needs every policy change.
    @consume.broadcast(topics.policies_updated, PolicyUpdated)
    async def on_policy_updated(event: PolicyUpdated) -> None:
        await policy_changed(deps, event)

    # A pin or unpin changes the served version as a new one does.
    @consume.broadcast(topics.policy_controls, PolicyControlChanged)
    async def on_policy_control_changed(event: PolicyControlChanged) -> None:
        await policy_changed(deps, event)

    # A pilot reset serves version 1 again.
    @consume.broadcast(topics.study_controls, StudyControlChanged)
    async def on_study_control_changed(event: StudyControlChanged) -> None:
        await policy_changed(deps, event)
