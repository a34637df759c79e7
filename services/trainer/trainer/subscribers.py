"""The trainer's Kafka subscriptions, through the kernel's consumer runtime
(rlkernel.consuming): which topic, which consumer group, one message or a batch at a time.

Observations come in batches (one update can cover many). A batch run again counts its
observations again, which at worst brings the next update forward; requests are finished once."""

from __future__ import annotations

from faststream.kafka import KafkaBroker

from rlkernel.consuming import Consumer
from rlkernel.events import ObservationIngested, UpdateRequested
from rlkernel.topics import Topics
from trainer import handlers
from trainer.dependencies import TrainerDeps


def subscribe(broker: KafkaBroker, topics: Topics, deps: TrainerDeps) -> None:
    consume = Consumer(broker, topics, deps.dead_letter)

    @consume.batches(
        topics.observations_ingested, ObservationIngested, group="trainer", max_records=1000
    )
    async def on_observations(events: list[ObservationIngested]) -> None:
        await handlers.on_observations(events, deps)

    @consume.each(topics.updates_requested, UpdateRequested, group="trainer-requests")
    async def on_update_requested(event: UpdateRequested) -> None:
        await handlers.on_update_requested(event, deps)
