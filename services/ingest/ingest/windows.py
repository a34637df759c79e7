"""A closed window's pull state in PostgreSQL: pending, pulled or failed, and how often tried."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from ingest.candidates import Outcome
from rldomain.schedule import Window
from rlkernel.db.models import WindowRecord


def finish_window(
    session: Session,
    study_id: str,
    participant_id: str,
    window: Window,
    outcome: Outcome,
) -> None:
    status = "failed" if outcome.problems else "pulled"
    reason = "; ".join(outcome.problems) or None
    session.execute(
        insert(WindowRecord)
        .values(
            study_id=study_id,
            participant_id=participant_id,
            decision_index=window.index,
            start_time=window.start,
            end_time=window.end,
            status=status,
            reason=reason,
            attempts=1,
            records=len(outcome.stored),
        )
        .on_conflict_do_update(
            index_elements=["study_id", "participant_id", "decision_index"],
            set_={
                "status": status,
                "reason": reason,
                "attempts": WindowRecord.attempts + 1,
                "records": WindowRecord.records + len(outcome.stored),
            },
        )
    )


def window_status(
    sessions: sessionmaker[Session], study_id: str, participant_id: str, index: int
) -> str | None:
    with sessions() as session:
        row = session.get(WindowRecord, (study_id, participant_id, index))
        return None if row is None else row.status
