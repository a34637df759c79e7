"""The one way onto Kafka: an event goes to its own topic, keyed by its own partition key."""

from __future__ import annotations

import asyncio
from typing import Protocol

from faststream.kafka import KafkaBroker

from rlkernel.events import Event
from rlkernel.topics import Topics


class Publishes(Protocol):
    """What handlers and use cases depend on; tests give them an in-memory recorder."""

    async def publish(self, event: Event) -> None: ...

    async def reply(self, event: Event, to: str, correlation_id: str) -> None: ...


class Publisher:
    def __init__(self, broker: KafkaBroker, topics: Topics) -> None:
        self.broker, self.topics = broker, topics

    async def publish(self, event: Event) -> None:
        await self.broker.publish(event, topic=self.topics.of(event), key=event.partition_key())

    async def reply(self, event: Event, to: str, correlation_id: str) -> None:
        """Request/reply: the answer goes to the asker's own reply topic."""
        await self.broker.publish(event, topic=to, correlation_id=correlation_id)


_in_flight: set[asyncio.Task[None]] = set()


async def publish_within(publisher: Publishes, event: Event, seconds: float | None) -> None:
    """Publishes, waiting at most `seconds` (TimeoutError past that). A publish waited out is
    not cancelled: it goes on in the background and lands when Kafka is back. Cancelling a
    send midway leaves aiokafka's idempotent producer out of sequence (every later send then
    fails with OutOfOrderSequenceNumber), which the fault drill found."""
    task = asyncio.ensure_future(publisher.publish(event))
    _in_flight.add(task)
    task.add_done_callback(_forget)
    await asyncio.wait_for(asyncio.shield(task), seconds)


def _forget(task: asyncio.Task[None]) -> None:
    _in_flight.discard(task)
    if not task.cancelled():
        task.exception()  # retrieved: a publish given up on may fail later, quietly
