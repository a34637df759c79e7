"""Request/reply over Kafka: each gateway instance reads its own reply topic and matches
replies to waiting requests by correlation id (the request id)."""

from __future__ import annotations

import asyncio
from uuid import UUID

from rlkernel.events import DecisionMade


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
