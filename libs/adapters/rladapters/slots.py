"""One decision per slot, and the only copy of the protocol that keeps it so.

The record decides: a draft decision is stored in PostgreSQL before anyone is answered, and the
slot's unique key lets the first draft win. Every asker gets the stored decision; a draft that
lost is dropped, never published nor returned, so a slot is never randomized twice whatever
Redis loses, and rids come from the record's sequence, so none is ever reused. A decision this
call stored is then published to `decisions.made` and, once Kafka has acknowledged it (acks=all:
it is on the log), marked logged. If that publish fails (Kafka away, a crash), the decision is
still the record's: a sweeper publishes whatever stayed unlogged, so nothing is claimed that is
never published. The decision service and the gateway's fallback both go through `settle`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rlkernel.events import DecisionMade
from rlkernel.logs import get_logger
from rlkernel.publishing import Publishes, publish_within

log = get_logger(__name__)


@dataclass(frozen=True)
class Settled:
    decision: DecisionMade
    new: bool  # this call stored it: its draft won the slot
    logged: bool  # Kafka has acknowledged it (acks=all)


class DecisionRecord(Protocol):
    """Stores drafts first-wins by slot; `PostgresDecisionRecord` is it, tests use a fake."""

    async def settle(self, drafts: Sequence[DecisionMade]) -> list[Settled]:
        """Each draft's slot's one decision, in the drafts' order (drafts carry rid 0)."""
        ...

    async def mark_logged(self, decisions: Sequence[DecisionMade]) -> None:
        """Kafka has acknowledged these: the sweeper need not publish them again (the record
        may write this later; until it does, the worst is a duplicate on the log)."""
        ...


Alongside = Callable[[int, DecisionMade], Awaitable[None]]


async def settle(
    record: DecisionRecord,
    publisher: Publishes,
    drafts: Sequence[DecisionMade],
    alongside: Alongside | None = None,
    publish_within: float | None = None,
) -> list[DecisionMade]:
    """The slots' decisions, stored first; the new ones published (given up on after
    `publish_within` seconds, for the sweeper to finish). `alongside(i, decision)` (the reply
    to the asking gateway) runs concurrently with the publishing."""
    settled = await record.settle(drafts)
    new = [s.decision for s in settled if s.new]
    jobs: list[Awaitable[bool]] = [_publish(publisher, d, publish_within) for d in new]
    if alongside is not None:
        jobs += [_also(alongside, i, s.decision) for i, s in enumerate(settled)]
    published = await asyncio.gather(*jobs)
    logged = [d for d, ok in zip(new, published[: len(new)], strict=True) if ok]
    if logged:
        await _mark_logged(record, logged)
    return [s.decision for s in settled]


async def _publish(publisher: Publishes, decision: DecisionMade, within: float | None) -> bool:
    try:
        await publish_within(publisher, decision, within)
        return True
    except Exception as exc:  # stored already: the sweeper publishes it when Kafka is back
        log.warning(
            "decision_not_published_yet",
            study=decision.study_id,
            participant=decision.participant_id,
            decision_index=decision.decision_index,
            rid=decision.rid,
            error=type(exc).__name__,
        )
        return False


async def _also(alongside: Alongside, i: int, decision: DecisionMade) -> bool:
    await alongside(i, decision)
    return True


async def _mark_logged(record: DecisionRecord, decisions: list[DecisionMade]) -> None:
    try:
        await record.mark_logged(decisions)
    except Exception as exc:  # on the log all the same: the sweeper's re-publish is a duplicate
        log.warning("decisions_not_marked_logged", count=len(decisions), error=type(exc).__name__)
