"""The guard around every handler run: parse inside it, retry, split a failing batch, and
dead-letter what cannot succeed, so the partition moves on (see rlkernel.consuming)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any, Protocol, TypeVar

from prometheus_client import Counter

from rlkernel.consuming.delivery import Delivery, Unparsable, handling
from rlkernel.consuming.retrying import Call, GaveUp, RetryPolicy, attempt, persist
from rlkernel.events import Event
from rlkernel.logs import get_logger
from rlkernel.redaction import describe

E = TypeVar("E", bound=Event)
OneHandler = Callable[[E], Awaitable[None]]
BatchHandler = Callable[[list[E]], Awaitable[None]]

log = get_logger(__name__)
DEAD_LETTERED = Counter(
    "rls_consumer_dead_lettered_total",
    "Messages the consumer runtime sent to the dead letters, by kind (unparsable, failed)",
    ["topic", "kind"],
)


class DeadLetters(Protocol):
    """Writes a dead letter (ServiceRuntime.dead_letter): the table, then the topic."""

    def __call__(
        self, source_topic: str, reason: str, payload: dict[str, Any], key: str | None = None
    ) -> Awaitable[None]: ...


class Guard:
    def __init__(self, dead_letter: DeadLetters, policy: RetryPolicy) -> None:
        self.dead_letter, self.policy = dead_letter, policy

    async def one(self, delivery: Delivery, model: type[E], handler: OneHandler[E]) -> None:
        try:
            event = delivery.event(model)
        except Unparsable as exc:  # no retry can parse it
            await self._dead_letter(delivery, exc, "unparsable")
            return
        await self._alone(delivery, partial(handler, event))

    async def batch(
        self, deliveries: Sequence[Delivery], model: type[E], handler: BatchHandler[E]
    ) -> None:
        """The batch as a batch; if that keeps failing, each message alone, so that only the
        poison one is dead-lettered. Handlers are idempotent: a message that was handled before
        the batch failed is harmlessly handled again."""
        parsed: list[tuple[Delivery, E]] = []
        for delivery in deliveries:
            try:
                parsed.append((delivery, delivery.event(model)))
            except Unparsable as exc:
                await self._dead_letter(delivery, exc, "unparsable")
        if not parsed:
            return
        topic = parsed[0][0].topic
        try:
            with handling([d for d, _ in parsed]):
                await attempt(partial(handler, [e for _, e in parsed]), self.policy, topic)
        except GaveUp as gave_up:
            log.warning("batch_failed_handling_each_alone", topic=topic, error=str(gave_up))
            for delivery, event in parsed:
                await self._alone(delivery, partial(handler, [event]))

    async def _alone(self, delivery: Delivery, call: Call) -> None:
        try:
            with handling([delivery]):
                await attempt(call, self.policy, delivery.topic)
        except GaveUp as gave_up:
            await self._dead_letter(delivery, gave_up.failure, "failed")

    async def _dead_letter(self, delivery: Delivery, failure: Exception, kind: str) -> None:
        reason = describe(failure)
        send = partial(
            self.dead_letter,
            source_topic=delivery.topic,
            reason=reason,
            payload=delivery.shown(),
            key=delivery.key,
        )
        with handling([delivery]):  # the letter records where the message was
            await persist(send, self.policy, delivery.topic)
        DEAD_LETTERED.labels(delivery.topic, kind).inc()  # the letter itself is logged
