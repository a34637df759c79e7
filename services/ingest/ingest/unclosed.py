"""The sweep's side of PostgreSQL: decided slots that no close has reached, and the claim that
lets exactly one of several sweeping replicas close each of them.

A claim is the window's row, inserted `pending` and `closed_by = 'sweep'` before its event is
published. A replica that dies (or meets Kafka away) between the two leaves a claim nobody
published: after `RESEND_AFTER` the sweep finds it again and sends it anew (a window published
twice is pulled once: ingest skips a pulled window)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from ingest.sweep import Slot
from rladapters.participant_store import view_of
from rldomain.schedule import Window
from rlkernel.db.models import Decision, Participant, WindowRecord

RESEND_AFTER = timedelta(minutes=30)  # real time, by PostgreSQL's clock


def _unsent_claim() -> ColumnElement[bool]:
    """A sweep's claim still pending long after it was made (or last sent)."""
    return and_(
        WindowRecord.closed_by == "sweep",
        WindowRecord.status == "pending",
        WindowRecord.updated_at < func.now() - RESEND_AFTER,
    )


@dataclass(frozen=True)
class UnclosedWindowStore:
    sessions: sessionmaker[Session]

    async def unclosed(
        self, study_id: str, decided_before: datetime, after_id: int, limit: int
    ) -> list[Slot]:
        def load() -> list[Slot]:
            query = (
                select(Decision.id, Decision.participant_id, Decision.decision_index, Participant)
                .join(
                    Participant,
                    and_(
                        Participant.study_id == Decision.study_id,
                        Participant.participant_id == Decision.participant_id,
                    ),
                )
                .outerjoin(
                    WindowRecord,
                    and_(
                        WindowRecord.study_id == Decision.study_id,
                        WindowRecord.participant_id == Decision.participant_id,
                        WindowRecord.decision_index == Decision.decision_index,
                    ),
                )
                .where(
                    Decision.study_id == study_id,
                    Decision.decided_at < decided_before,
                    Decision.id > after_id,
                    or_(WindowRecord.study_id.is_(None), _unsent_claim()),
                )
                .order_by(Decision.id)
                .limit(limit)
            )
            with self.sessions() as session:
                return [
                    Slot(decision_id, participant_id, index, view_of(p).schedule)
                    for decision_id, participant_id, index, p in session.execute(query)
                ]

        return await asyncio.to_thread(load)

    async def claim(
        self, study_id: str, windows: Sequence[tuple[str, Window]]
    ) -> list[tuple[str, Window]]:
        def insert_claims() -> set[tuple[str, int]]:
            rows = [
                {
                    "study_id": study_id,
                    "participant_id": participant_id,
                    "decision_index": w.index,
                    "start_time": w.start,
                    "end_time": w.end,
                    "status": "pending",
                    "attempts": 0,
                    "records": 0,
                    "closed_by": "sweep",
                }
                for participant_id, w in windows
            ]
            # A row someone wrote first wins, unless it is a claim never sent: that is re-sent.
            # Replicas claiming at once wait on each other's row; only the first gets it back.
            statement = (
                insert(WindowRecord)
                .values(rows)
                .on_conflict_do_update(
                    index_elements=["study_id", "participant_id", "decision_index"],
                    set_={"updated_at": func.now()},
                    where=_unsent_claim(),
                )
                .returning(WindowRecord.participant_id, WindowRecord.decision_index)
            )
            with self.sessions.begin() as session:
                return {(pid, index) for pid, index in session.execute(statement)}

        if not windows:
            return []
        claimed = await asyncio.to_thread(insert_claims)
        return [(p, w) for p, w in windows if (p, w.index) in claimed]
