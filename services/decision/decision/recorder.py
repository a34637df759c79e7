"""Stores each decision in PostgreSQL exactly once and moves the participant's life-cycle on.

Idempotent: a decision published twice (same event) is stored once; the offset is committed
only after the transaction, so a crash in between replays the batch harmlessly.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rlcommon.db.models import Decision, Participant
from rlcommon.events import DecisionMade
from rlcommon.lifecycle import COMPLETED_AWAITING_REVIEW, REGISTERED, STARTED
from rlcommon.study import Study


def record(
    sessions: sessionmaker[Session], studies: dict[str, Study], decisions: Sequence[DecisionMade]
) -> list[DecisionMade]:
    """Stores the batch; returns decisions that conflict with a different stored one (same
    slot or same rid): those must never exist, and are dead-lettered by the caller."""
    conflicts = []
    with sessions.begin() as session:
        for d in decisions:
            inserted = session.execute(
                insert(Decision)
                .values(
                    rid=d.rid,
                    study_id=d.study_id,
                    participant_id=d.participant_id,
                    decision_index=d.decision_index,
                    request_id=d.request_id,
                    event_id=d.event_id,
                    seed=d.seed,
                    action=d.action,
                    probability=d.probability,
                    policy_version=d.policy_version,
                    algorithm=d.algorithm,
                    state=d.state,
                    context=d.context,
                    recent_rewards=d.recent_rewards,
                    fallback=d.fallback,
                    fallback_reason=d.fallback_reason,
                    decided_at=d.decided_at,
                    decided_by=d.decided_by,
                )
                .on_conflict_do_nothing()
                .returning(Decision.id)
            ).first()
            if inserted is None:
                if not _already_stored(session, d):
                    conflicts.append(d)
                continue
            _advance_lifecycle(session, studies.get(d.study_id), d)
    return conflicts


def _already_stored(session: Session, d: DecisionMade) -> bool:
    """True when the same event was stored before (a re-publish); False when the slot or the
    rid is taken by a different decision."""
    stored = session.scalars(select(Decision.event_id).where(Decision.event_id == d.event_id))
    return stored.first() is not None


def _advance_lifecycle(session: Session, study: Study | None, d: DecisionMade) -> None:
    last = study.schedule.decisions_per_participant if study else None
    new_status = COMPLETED_AWAITING_REVIEW if last and d.decision_index >= last - 1 else STARTED
    allowed_from = (REGISTERED, STARTED) if new_status != STARTED else (REGISTERED,)
    session.execute(
        update(Participant)
        .where(
            Participant.study_id == d.study_id,
            Participant.participant_id == d.participant_id,
            Participant.status.in_(allowed_from),
        )
        .values(status=new_status)
    )
