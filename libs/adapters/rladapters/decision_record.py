"""The decision record in PostgreSQL: its unique slot key is the only arbiter of a slot (the
protocol is rladapters.slots). A participant's life-cycle moves in the transaction that stores
its first (or last) decision; a decision is marked logged once Kafka has acknowledged it, and
the sweeper publishes what stays unmarked."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Table, bindparam, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rladapters.lifecycle_moves import advance_lifecycle
from rladapters.participants import ParticipantCache
from rladapters.slots import Settled
from rldomain.study import Study
from rlkernel.db.models import Decision, SlotConflict
from rlkernel.events import DecisionMade
from rlkernel.logs import get_logger

log = get_logger(__name__)

DECISIONS = cast(Table, Decision.__table__)
# Every field of the event is a column of the same name; the rid comes from the record.
FIELDS = tuple(name for name in DecisionMade.model_fields if name not in ("rid", "schema_version"))
EVENT_COLUMNS = tuple(c for c in FIELDS if c not in ("occurred_at",))


# One statement for every batch size, executed with many parameter sets: SQLAlchemy compiles it
# once and sends the batch as one multi-row INSERT (its "insertmanyvalues"), RETURNING the rows
# that won their slot. A `.values(rows)` statement is compiled anew for every batch.
_INSERT_DRAFTS = (
    insert(DECISIONS)
    .on_conflict_do_nothing(constraint="uq_decisions_slot")
    .returning(DECISIONS.c.event_id, DECISIONS.c.rid)
)


def settle(session: Session, drafts: Sequence[DecisionMade]) -> list[Settled]:
    """Each draft's slot's one decision, in the drafts' order. Drafts carry rid 0."""
    if not drafts:
        return []
    rows = [{c: getattr(d, c) for c in EVENT_COLUMNS} for d in drafts]
    won: dict[UUID, int] = dict(session.execute(_INSERT_DRAFTS, rows).all())
    taken = [d for d in drafts if d.event_id not in won]
    stored = _stored(session, [_slot(d) for d in taken]) if taken else {}
    settled = []
    for draft in drafts:
        if draft.event_id in won:
            decision = draft.model_copy(update={"rid": won[draft.event_id]})
            settled.append(Settled(decision, True, False))
        else:
            settled.append(stored[_slot(draft)])
    _note_conflicts(session, taken, stored)
    return settled


_NOTE_CONFLICTS = insert(SlotConflict).on_conflict_do_nothing(constraint="uq_slot_conflicts")


def _note_conflicts(
    session: Session, taken: list[DecisionMade], stored: dict[Slot, Settled]
) -> None:
    """A losing draft is a second randomization of its slot. Most are a repeated request,
    drawn again with the same seed and policy, so they agree with the stored decision; one whose
    action disagrees (a gateway's time-out fallback racing the decision service, a retry across
    a policy update) is kept for the duplicate_decisions health check. The stored one stands."""
    rows = [
        {
            "study_id": d.study_id,
            "participant_id": d.participant_id,
            "decision_index": d.decision_index,
            "drafted_by": d.decided_by.split("-", 1)[0],  # the service, not the instance
            "drafted_action": d.action,
            "stored_rid": stored[_slot(d)].decision.rid,
            "seen_at": d.decided_at,  # the service clock's, as the check's range is
        }
        for d in taken
        if d.action != stored[_slot(d)].decision.action
    ]
    if rows:
        session.execute(_NOTE_CONFLICTS, rows)


def unlogged(session: Session, older_than: timedelta, limit: int) -> list[DecisionMade]:
    """Stored decisions the log has not confirmed for a while (by the database's clock, which
    also stamped them): the sweeper publishes them again."""
    rows = session.scalars(
        select(Decision)
        .where(Decision.logged_at.is_(None), Decision.recorded_at < func.now() - older_than)
        .order_by(Decision.recorded_at)
        .limit(limit)
    )
    return [event_of(r) for r in rows]


_MARK_LOGGED = (
    update(DECISIONS)
    .where(
        DECISIONS.c.event_id.in_(bindparam("event_ids", expanding=True)),
        DECISIONS.c.logged_at.is_(None),
    )
    .values(logged_at=func.now())
)


def mark_logged(session: Session, event_ids: Sequence[UUID]) -> None:
    """Kafka acknowledged these (acks=all): they are on the log."""
    session.execute(_MARK_LOGGED, {"event_ids": list(event_ids)})


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
    """rladapters.slots.DecisionRecord on PostgreSQL (blocking SQL in a worker thread).

    Storing a participant's first or last decision moves their life-cycle in the same
    transaction; the gateway's cached copy of whoever moved is dropped after the commit."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        studies: Mapping[str, Study],
        participants: ParticipantCache,
    ) -> None:
        self.sessions, self.studies, self.participants = sessions, studies, participants
        self._to_mark: list[UUID] = []
        self._marking: asyncio.Task[None] | None = None

    async def settle(self, drafts: Sequence[DecisionMade]) -> list[Settled]:
        def run() -> tuple[list[Settled], list[tuple[str, str]]]:
            with self.sessions.begin() as session:
                settled = settle(session, drafts)
                new = [s.decision for s in settled if s.new]
                return settled, advance_lifecycle(session, self.studies, new)

        settled, moved = await asyncio.to_thread(run)
        await self.participants.forget(moved)
        return settled

    async def mark_logged(self, decisions: Sequence[DecisionMade]) -> None:
        """Noted now, written in the background: one UPDATE for whatever was noted while the
        previous one ran, off the action path (awaiting it delayed the next batch by a
        transaction). A mark lost to a crash only makes the sweeper publish a duplicate."""
        self._to_mark += [d.event_id for d in decisions]
        if self._marking is None or self._marking.done():
            self._marking = asyncio.create_task(self._write_marks())

    async def _write_marks(self) -> None:
        while self._to_mark:
            batch, self._to_mark = self._to_mark, []

            def run(ids: list[UUID] = batch) -> None:
                with self.sessions.begin() as session:
                    mark_logged(session, ids)

            try:
                await asyncio.to_thread(run)
            except Exception as exc:  # PostgreSQL away: the sweeper re-publishes these later
                log.warning(
                    "decisions_not_marked_logged", count=len(batch), error=type(exc).__name__
                )

    async def unlogged(self, older_than: timedelta, limit: int = 500) -> list[DecisionMade]:
        def run() -> list[DecisionMade]:
            with self.sessions() as session:
                return unlogged(session, older_than, limit)

        return await asyncio.to_thread(run)
