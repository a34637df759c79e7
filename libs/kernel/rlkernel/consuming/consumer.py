"""Subscribing a handler: the one place that says how every service consumes Kafka."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage

from rlkernel.consuming.delivery import Delivery
from rlkernel.consuming.guard import BatchHandler, DeadLetters, Guard, OneHandler
from rlkernel.consuming.retrying import RetryPolicy
from rlkernel.events import Event
from rlkernel.topics import Topics

E = TypeVar("E", bound=Event)


async def undecoded(message: StreamMessage[Any]) -> None:
    """FastStream's own decoding would fail outside the guard: the guard decodes instead."""
    return None


class Consumer:
    """Registers handlers on a broker, each behind the guard (see rlkernel.consuming).

    A consumer group commits a message's offset only after its handler finished or the message
    was dead-lettered; a group that is new starts from the beginning of the topic."""

    def __init__(
        self,
        broker: KafkaBroker,
        topics: Topics,
        dead_letter: DeadLetters,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.broker, self.topics = broker, topics
        self.guard = Guard(dead_letter, policy or RetryPolicy())

    def each(
        self, topic: str, model: type[E], *, group: str
    ) -> Callable[[OneHandler[E]], OneHandler[E]]:
        """One message at a time, within consumer group `group` (of this namespace)."""

        def register(handler: OneHandler[E]) -> OneHandler[E]:
            async def consume(message: KafkaMessage) -> None:
                await self.guard.one(Delivery.of(message.raw_message), model, handler)

            self.broker.subscriber(
                topic,
                group_id=self.topics.group(group),
                ack_policy=AckPolicy.NACK_ON_ERROR,
                auto_offset_reset="earliest",
                decoder=undecoded,
            )(consume)
            return handler

        return register

    def batches(
        self, topic: str, model: type[E], *, group: str, max_records: int
    ) -> Callable[[BatchHandler[E]], BatchHandler[E]]:
        """Up to `max_records` messages at a time (from any of the topic's partitions)."""

        def register(handler: BatchHandler[E]) -> BatchHandler[E]:
            async def consume(message: KafkaMessage) -> None:
                records: Sequence[Any] = message.raw_message
                await self.guard.batch([Delivery.of(r) for r in records], model, handler)

            self.broker.subscriber(
                topic,
                group_id=self.topics.group(group),
                batch=True,
                max_records=max_records,
                ack_policy=AckPolicy.NACK_ON_ERROR,
                auto_offset_reset="earliest",
                decoder=undecoded,
            )(consume)
            return handler

        return register

    def broadcast(self, topic: str, model: type[E]) -> Callable[[OneHandler[E]], OneHandler[E]]:
        """Every replica gets every message, from when it started: no group, nothing committed."""

        def register(handler: OneHandler[E]) -> OneHandler[E]:
            async def consume(message: KafkaMessage) -> None:
                await self.guard.one(Delivery.of(message.raw_message), model, handler)

            self.broker.subscriber(topic, auto_offset_reset="latest", decoder=undecoded)(consume)
            return handler

        return register
