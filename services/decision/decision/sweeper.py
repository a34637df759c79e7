"""Publishes stored decisions Kafka never acknowledged: it was away when they were made, or a
process died between storing and publishing (or before marking them logged: then this is a
duplicate on the log, which every consumer and replay counts once, by event id)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta
from typing import Protocol

from rlkernel.events import DecisionMade
from rlkernel.logs import get_logger
from rlkernel.publishing import Publishes

log = get_logger(__name__)


class Unlogged(Protocol):
    async def unlogged(self, older_than: timedelta, limit: int = 500) -> list[DecisionMade]: ...

    async def mark_logged(self, decisions: Sequence[DecisionMade]) -> None: ...


async def sweep(record: Unlogged, publisher: Publishes, older_than: timedelta) -> int:
    """One round: publishes what has waited longer than `older_than`; returns how many."""
    stale = await record.unlogged(older_than)
    for decision in stale:
        await publisher.publish(decision)
    if stale:
        await record.mark_logged(stale)
        log.warning("unlogged_decisions_published", count=len(stale))
    return len(stale)


async def sweep_forever(
    record: Unlogged, publisher: Publishes, older_than: timedelta, every: float
) -> None:
    while True:
        try:
            await sweep(record, publisher, older_than)
        except Exception as exc:  # PostgreSQL or Kafka away: the next round tries again
            log.warning("sweep_failed", error=type(exc).__name__)
        await asyncio.sleep(every)
