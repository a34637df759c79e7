"""A participant's life-cycle as their decisions are stored: REGISTERED -> STARTED on the first,
-> COMPLETED_AWAITING_REVIEW on the last the study schedules. Runs inside the transaction that
stores the decisions, so a stored decision, the status it implies and the history row that
says so are never seen apart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from sqlalchemy import Table, bindparam, tuple_, update
from sqlalchemy.orm import Session

from rladapters.participant_history import record_moves
from rldomain.lifecycle import COMPLETED_AWAITING_REVIEW, REGISTERED, STARTED
from rldomain.study import Study
from rlkernel.db.models import Participant
from rlkernel.events import DecisionMade

PARTICIPANTS = cast(Table, Participant.__table__)
MOVED_BY = "decisions"  # the history's `changed_by` for the moves a participant's decisions make
# Built once (expanding parameters take any number of keys): building and hashing a statement
# per batch cost more than PostgreSQL's work on it.
_MOVE = (
    update(PARTICIPANTS)
    .where(
        tuple_(PARTICIPANTS.c.study_id, PARTICIPANTS.c.participant_id).in_(
            bindparam("keys", expanding=True)
        ),
        PARTICIPANTS.c.status.in_(bindparam("allowed_from", expanding=True)),
    )
    .values(status=bindparam("status"))
    .returning(PARTICIPANTS.c.study_id, PARTICIPANTS.c.participant_id)
)


def advance_lifecycle(
    session: Session, studies: Mapping[str, Study], new: Sequence[DecisionMade]
) -> list[tuple[str, str]]:
    """Moves whoever these new decisions move; returns them as (study, participant)."""

    def last_one(d: DecisionMade) -> bool:
        study = studies.get(d.study_id)
        total = study.schedule.decisions_per_participant if study else None
        return bool(total) and d.decision_index >= (total or 0) - 1

    later, last = [d for d in new if not last_one(d)], [d for d in new if last_one(d)]
    moved: list[tuple[str, str]] = []
    # One move per from-status, so that each history row knows where its participant came
    # from; in this order, a batch holding a participant's first and last decisions moves
    # them through STARTED.
    for before, status, group in (
        (REGISTERED, STARTED, later),
        (STARTED, COMPLETED_AWAITING_REVIEW, last),
        (REGISTERED, COMPLETED_AWAITING_REVIEW, last),
    ):
        if not group:
            continue
        keys = sorted({(d.study_id, d.participant_id) for d in group})
        params = {"keys": keys, "allowed_from": [before], "status": status}
        changed = [(r.study_id, r.participant_id) for r in session.execute(_MOVE, params)]
        record_moves(session, changed, before, status, MOVED_BY)
        moved += changed
    return moved
