"""The one way onto Kafka: an event goes to its own topic, keyed by its own partition key."""

from __future__ import annotations

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
