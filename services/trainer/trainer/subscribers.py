"""The trainer's Kafka subscriptions: which topic, which consumer group, how messages are acked.

Observations come in batches (one update can cover many); a failed handler nacks, so Kafka
redelivers."""

from __future__ import annotations

from faststream import AckPolicy
from faststream.kafka import KafkaBroker

from rlkernel.events import ObservationIngested, UpdateRequested
from rlkernel.topics import Topics
from trainer import handlers
from trainer.dependencies import TrainerDeps


def subscribe(broker: KafkaBroker, topics: Topics, deps: TrainerDeps) -> None:
    @broker.subscriber(
        topics.observations_ingested,
        group_id=topics.group("trainer"),
        batch=True,
        max_records=1000,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_observations(events: list[ObservationIngested]) -> None:
        await handlers.on_observations(events, deps)

    @broker.subscriber(
        topics.updates_requested,
        group_id=topics.group("trainer-requests"),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_update_requested(event: UpdateRequested) -> None:
        await handlers.on_update_requested(event, deps)
