"""Data that policy updates leave out from now on (rlkernel.db.models.UpdateExclusion).

Each exclusion is written with its audit entry in one transaction, under the trainer's lock
of the study: an update applies every exclusion stored before it began, and none stored while
it ran (it records the last it applied, for replay)."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from rladapters.access import Audit
from rladapters.policy_controls import study_lock
from rlkernel.db.models import UpdateExclusion


@dataclass(frozen=True)
class Criteria:
    """Where all the given criteria meet; at least one is given (the edge checks)."""

    participant_id: str | None = None
    from_index: int | None = None
    to_index: int | None = None  # inclusive
    from_time: datetime | None = None
    to_time: datetime | None = None  # exclusive


class ExclusionStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def add(
        self, study_id: str, criteria: Criteria, actor: str, reason: str
    ) -> UpdateExclusion:
        def write() -> UpdateExclusion:
            with self.sessions.begin() as session:
                study_lock(session, study_id)
                row = UpdateExclusion(
                    study_id=study_id, reason=reason, created_by=actor, **asdict(criteria)
                )
                session.add(row)
                session.flush()
                details = {"exclusion_id": row.id, "reason": reason}
                Audit(actor, "data_excluded", study_id, criteria.participant_id, details).add_to(
                    session
                )
                session.refresh(row)  # created_at, from the database
                return row

        return await asyncio.to_thread(write)

    async def of_study(self, study_id: str) -> list[UpdateExclusion]:
        """Oldest first."""

        def load() -> list[UpdateExclusion]:
            with self.sessions() as session:
                query = select(UpdateExclusion).where(UpdateExclusion.study_id == study_id)
                return list(session.scalars(query.order_by(UpdateExclusion.id)))

        return await asyncio.to_thread(load)
