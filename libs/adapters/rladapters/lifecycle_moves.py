"""A participant's life-cycle as their decisions are stored: REGISTERED -> STARTED on the first,
-> COMPLETED_AWAITING_REVIEW on the last the study schedules. Runs inside the transaction that
stores the decisions, so a stored decision and the status it implies are never seen apart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from sqlalchemy import Table, bindparam, tuple_, update
from sqlalchemy.orm import Session

from rldomain.lifecycle import COMPLETED_AWAITING_REVIEW, REGISTERED, STARTED
from rldomain.study import Study
from rlkernel.db.models import Participant
from rlkernel.events import DecisionMade

PARTICIPANTS = cast(Table, Participant.__table__)
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

    moved: list[tuple[str, str]] = []
    for status, allowed_from, group in (
        (STARTED, (REGISTERED,), [d for d in new if not last_one(d)]),
        (COMPLETED_AWAITING_REVIEW, (REGISTERED, STARTED), [d for d in new if last_one(d)]),
    ):
        if not group:
            continue
        keys = sorted({(d.study_id, d.participant_id) for d in group})
        params = {"keys": keys, "allowed_from": list(allowed_from), "status": status}
        changed = session.execute(_MOVE, params)
        moved += [(r.study_id, r.participant_id) for r in changed]
    return moved
