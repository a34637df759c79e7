"""One decision per slot, decided by the record: PostgreSQL's unique slot key is the only arbiter.

A draft decision is stored before anyone is answered. If its slot is free it is stored and gets
its rid from the record's sequence; if not, the decision already stored there is the answer and
the draft is dropped, never published nor returned. So a slot is never randomized twice and no
rid is reused, whatever the caches lose. A stored decision is then published; the recorder marks
it logged when it sees it on Kafka, and whatever stays unlogged is published again by a sweeper,
so a crash or a Kafka outage between storing and publishing loses nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, cast
from uuid import UUID

from sqlalchemy import Table, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rlkernel.db.models import Decision
from rlkernel.events import DecisionMade

DECISIONS = cast(Table, Decision.__table__)
# Every field of the event is a column of the same name; the rid comes from the record.
FIELDS = tuple(name for name in DecisionMade.model_fields if name not in ("rid", "schema_version"))
EVENT_COLUMNS = tuple(c for c in FIELDS if c not in ("occurred_at",))


@dataclass(frozen=True)
class Settled:
    decision: DecisionMade
    new: bool  # this call stored it: the draft won the slot
    logged: bool  # its decisions.made was seen on the log


class DecisionRecord(Protocol):
    """What deciding needs of the record; `PostgresDecisionRecord` is it, tests use a fake."""

    async def settle(self, drafts: Sequence[DecisionMade]) -> list[Settled]: ...


def settle(session: Session, drafts: Sequence[DecisionMade]) -> list[Settled]:
    """Each draft's slot's one decision, in the drafts' order. Drafts carry rid 0."""
    if not drafts:
        return []
    rows = [{c: getattr(d, c) for c in EVENT_COLUMNS} for d in drafts]
    won: dict[UUID, int] = dict(
        session.execute(
            insert(DECISIONS)
            .values(rows)
            .on_conflict_do_nothing(constraint="uq_decisions_slot")
            .returning(DECISIONS.c.event_id, DECISIONS.c.rid)
        ).tuples()
    )
    taken = [d for d in drafts if d.event_id not in won]
    stored = _stored(session, [_slot(d) for d in taken]) if taken else {}
    settled = []
    for draft in drafts:
        if draft.event_id in won:
            decision = draft.model_copy(update={"rid": won[draft.event_id]})
            settled.append(Settled(decision, True, False))
        else:
            settled.append(stored[_slot(draft)])
    return settled


def unlogged(session: Session, older_than: timedelta, now: datetime, limit: int) -> list[Settled]:
    """Stored decisions whose event the log has not confirmed for a while: to publish again."""
    rows = session.scalars(
        select(Decision)
        .where(Decision.logged_at.is_(None), Decision.recorded_at < now - older_than)
        .order_by(Decision.recorded_at)
        .limit(limit)
    )
    return [Settled(event_of(r), False, False) for r in rows]


def event_of(row: Decision) -> DecisionMade:
    fields: dict[str, Any] = {c: getattr(row, c) for c in EVENT_COLUMNS}
    return DecisionMade(rid=row.rid, occurred_at=row.decided_at, **fields)


Slot = tuple[str, str, int]


def _slot(d: DecisionMade) -> Slot:
    return (d.study_id, d.participant_id, d.decision_index)


def _stored(session: Session, slots: list[Slot]) -> dict[Slot, Settled]:
    rows = session.scalars(
        select(Decision).where(
            tuple_(Decision.study_id, Decision.participant_id, Decision.decision_index).in_(slots)
        )
    )
    return {
        (r.study_id, r.participant_id, r.decision_index): Settled(
            event_of(r), False, r.logged_at is not None
        )
        for r in rows
    }


class PostgresDecisionRecord:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def settle(self, drafts: Sequence[DecisionMade]) -> list[Settled]:
        def run() -> list[Settled]:
            with self.sessions.begin() as session:
                return settle(session, drafts)

        return await asyncio.to_thread(run)
