"""Puts the handlers on the broker: which topic, which consumer group, how offsets commit."""

from __future__ import annotations

from faststream import AckPolicy
from faststream.kafka import KafkaBroker

from decision.dependencies import Dependencies
from decision.handlers import answer_requests, policy_changed, record_decisions
from rlkernel.events import ActionRequested, DecisionMade, PolicyUpdated
from rlkernel.topics import Topics


def subscribe(broker: KafkaBroker, topics: Topics, deps: Dependencies) -> None:
    # Offsets are committed after the batch is handled; an error re-delivers the batch, and
    # both batch handlers are idempotent (a claimed slot is answered from its claim, a stored
    # decision is not stored again).
    @broker.subscriber(
        topics.actions_requested,
        group_id=topics.group("decision"),
        batch=True,
        max_records=200,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_action_requested(requests: list[ActionRequested]) -> None:
        await answer_requests(deps, requests)

    @broker.subscriber(
        topics.decisions_made,
        group_id=topics.group("decision-recorder"),
        batch=True,
        max_records=500,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_decision_made(decisions: list[DecisionMade]) -> None:
        await record_decisions(deps, decisions)

    # Every replica needs every policy change: no consumer group, start from now.
    @broker.subscriber(topics.policies_updated, auto_offset_reset="latest")
    async def on_policy_updated(event: PolicyUpdated) -> None:
        await policy_changed(deps, event)
