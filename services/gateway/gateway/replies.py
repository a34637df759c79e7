"""Request/reply over Kafka: each gateway instance reads its own reply topic and matches
replies to waiting requests by correlation id (the request id)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from faststream.kafka import KafkaBroker, KafkaMessage
from pydantic import ValidationError

from rlkernel.consuming.consumer import undecoded
from rlkernel.events import DecisionMade
from rlkernel.logs import get_logger

log = get_logger(__name__)


class ReplyWaiter:
    def __init__(self) -> None:
        self._pending: dict[UUID, asyncio.Future[DecisionMade]] = {}

    def expect(self, request_id: UUID) -> asyncio.Future[DecisionMade]:
        future: asyncio.Future[DecisionMade] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        return future

    def forget(self, request_id: UUID) -> None:
        self._pending.pop(request_id, None)

    def resolve(self, correlation_id: str, decision: DecisionMade) -> None:
        """A late reply (the request already fell back) finds nothing waiting and is dropped.

        Matched by the reply's correlation id, not decision.request_id: a retried request is
        answered with the decision first made for an earlier request."""
        try:
            future = self._pending.pop(UUID(correlation_id), None)
        except ValueError:
            return
        if future is not None and not future.done():
            future.set_result(decision)


def subscribe_replies(broker: KafkaBroker, topic: str, waiter: ReplyWaiter) -> None:
    """Replies are read in batches and decoded here, not by FastStream one message at a time:
    at a few hundred decisions a second its per-message pipeline cost the gateway more than
    the reply itself. Nothing is committed (no group): a reply nobody waits for is dropped."""

    @broker.subscriber(
        topic, auto_offset_reset="latest", batch=True, max_records=500, decoder=undecoded
    )
    async def on_replies(message: KafkaMessage) -> None:
        records: Sequence[Any] = message.raw_message
        for record in records:
            correlation = dict(record.headers or ()).get("correlation_id", b"")
            try:
                decision = DecisionMade.model_validate_json(record.value or b"")
            except ValidationError:
                log.warning("reply_undecodable", topic=topic, offset=record.offset)
                continue
            waiter.resolve(bytes(correlation).decode(errors="replace"), decision)
