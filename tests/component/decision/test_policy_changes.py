"""A policy change reaches the next decision at once, not at the next periodic check."""

from __future__ import annotations

from faststream.kafka import KafkaBroker

from rldomain.policy import Policy
from rlkernel.events import DecisionMade, PolicyControlChanged, PolicyUpdated
from tests.component.decision.harness import Service, request


def flat(version: int, probability: float) -> Policy:
    return Policy("justin", version, "flat", {"algorithm": "flat", "probability": probability})


async def decide(service: Service, broker: KafkaBroker) -> DecisionMade:
    await broker.publish_batch(request("justin"), topic=service.topics.actions_requested)
    decision = service.publisher.events[-1]
    assert isinstance(decision, DecisionMade)
    return decision


async def test_a_policy_update_invalidates_the_cached_policy(
    service: Service, broker: KafkaBroker
) -> None:
    service.policies.serve(flat(1, 0.5))
    assert (await decide(service, broker)).policy_version == 1
    service.policies.serve(flat(2, 0.7))
    assert (await decide(service, broker)).policy_version == 1, "cached until told"

    updated = PolicyUpdated(study_id="justin", policy_version=2, parent_version=1, algorithm="flat")
    await broker.publish(updated, topic=service.topics.policies_updated)

    changed = await decide(service, broker)
    assert (changed.policy_version, changed.probability) == (2, 0.7)


async def test_an_update_of_another_study_keeps_this_cached_policy(
    service: Service, broker: KafkaBroker
) -> None:
    await decide(service, broker)
    reads = service.policies.reads
    other = PolicyUpdated(study_id="miwaves", policy_version=2, parent_version=1, algorithm="x")
    await broker.publish(other, topic=service.topics.policies_updated)

    await decide(service, broker)
    assert service.policies.reads == reads


async def test_a_pin_serves_the_pinned_version_from_the_next_decision(
    service: Service, broker: KafkaBroker
) -> None:
    service.policies.serve(flat(3, 0.7))
    assert (await decide(service, broker)).policy_version == 3
    service.policies.serve(flat(1, 0.5))  # what the gateway put in Redis before publishing
    pinned = PolicyControlChanged(
        study_id="justin",
        control_id=1,
        change="pin",
        frozen=False,
        pinned_version=1,
        changed_by="operator",
        reason="version 3 misbehaves",
    )
    await broker.publish(pinned, topic=service.topics.policy_controls)

    assert (await decide(service, broker)).policy_version == 1
