"""Participants for the study team: each one's status history (`participant_status_changes`,
written in the transaction of every change) and a study's participants listed by status and
registration date, a page at a time, with how many decisions each has had."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from rlkernel.db.models import Decision, Participant, ParticipantStatusChange
from rlkernel.events import ParticipantStatusChanged

MAX_PAGE = 500
CHANGES = cast(Table, ParticipantStatusChange.__table__)
# A participant's life-cycle has no cycle (rldomain.lifecycle): at most four changes, so a
# history is short by nature; the bound only guards against a record edited by hand.
MAX_HISTORY = 100


@dataclass(frozen=True)
class StatusRecord:
    """One change of a participant's status: who made it, when, from what to what, and why."""

    change_id: int
    study_id: str
    participant_id: str
    from_status: str | None  # None: the registration
    to_status: str
    changed_by: str
    note: str | None
    changed_at: datetime


@dataclass(frozen=True)
class ParticipantSummary:
    """A participant as the study team reviews them: no baseline, no answers."""

    participant_id: str
    status: str
    registered_at: datetime
    status_changed_at: datetime | None
    rl_start_date: date | None
    rl_end_date: date | None
    decisions: int
    last_decision_at: datetime | None


@dataclass(frozen=True)
class ParticipantFilter:
    """Which participants, and which page: ordered by id, the page after `after`."""

    statuses: tuple[str, ...] = ()  # any of these; none given: every status
    registered_from: date | None = None  # inclusive, UTC days
    registered_to: date | None = None  # inclusive
    limit: int = 100
    after: str | None = None


def announced(change: StatusRecord) -> ParticipantStatusChanged:
    """The event of a staff's change, published once it is stored."""
    return ParticipantStatusChanged(
        study_id=change.study_id,
        participant_id=change.participant_id,
        change_id=change.change_id,
        from_status=change.from_status,
        to_status=change.to_status,
        changed_by=change.changed_by,
        note=change.note,
        changed_at=change.changed_at,
    )


def record_change(
    session: Session,
    study_id: str,
    participant_id: str,
    before: str | None,
    after: str,
    by: str,
    note: str | None = None,
) -> StatusRecord:
    """Appends one change in the caller's transaction; the stored change."""
    row = session.execute(
        insert(CHANGES)
        .values(
            study_id=study_id,
            participant_id=participant_id,
            from_status=before,
            to_status=after,
            changed_by=by,
            note=note,
        )
        .returning(CHANGES.c.id, CHANGES.c.changed_at)
    ).one()
    return StatusRecord(row.id, study_id, participant_id, before, after, by, note, row.changed_at)


def record_moves(
    session: Session, moved: Sequence[tuple[str, str]], before: str, after: str, by: str
) -> None:
    """Appends the same move of many participants (the life-cycle moves of a decision batch)."""
    if moved:
        rows = [
            {
                "study_id": s,
                "participant_id": p,
                "from_status": before,
                "to_status": after,
                "changed_by": by,
            }
            for s, p in moved
        ]
        session.execute(insert(CHANGES), rows)


def status_history(session: Session, study_id: str, participant_id: str) -> list[StatusRecord]:
    """Oldest change first."""
    c = ParticipantStatusChange
    rows = session.scalars(
        select(c)
        .where(c.study_id == study_id, c.participant_id == participant_id)
        .order_by(c.id)
        .limit(MAX_HISTORY)
    )
    return [_record(r) for r in rows]


def _record(r: ParticipantStatusChange) -> StatusRecord:
    return StatusRecord(
        r.id,
        r.study_id,
        r.participant_id,
        r.from_status,
        r.to_status,
        r.changed_by,
        r.note,
        r.changed_at,
    )


def participants_page(
    session: Session, study_id: str, wanted: ParticipantFilter
) -> list[ParticipantSummary]:
    """One page of the study's participants that match, then their decision counts and last
    changes, read for that page's ids only: a page costs the same in a study of any size."""
    p = Participant
    query = select(p.participant_id, p.status, p.created_at, p.rl_start_date, p.rl_end_date).where(
        p.study_id == study_id
    )
    if wanted.statuses:
        query = query.where(p.status.in_(wanted.statuses))
    if wanted.registered_from is not None:
        query = query.where(p.created_at >= datetime.combine(wanted.registered_from, time(), UTC))
    if wanted.registered_to is not None:  # its last microsecond: the day after may be past 9999
        query = query.where(p.created_at <= datetime.combine(wanted.registered_to, time.max, UTC))
    if wanted.after is not None:
        query = query.where(p.participant_id > wanted.after)
    limit = max(1, min(wanted.limit, MAX_PAGE))
    page = list(session.execute(query.order_by(p.participant_id).limit(limit)))
    ids = [r.participant_id for r in page]
    decided = _per_participant(
        session,
        select(Decision.participant_id, func.count(), func.max(Decision.decided_at))
        .where(Decision.study_id == study_id, Decision.participant_id.in_(ids))
        .group_by(Decision.participant_id),
    )
    changed = _per_participant(
        session,
        select(CHANGES.c.participant_id, func.max(CHANGES.c.changed_at))
        .where(CHANGES.c.study_id == study_id, CHANGES.c.participant_id.in_(ids))
        .group_by(CHANGES.c.participant_id),
    )
    return [
        ParticipantSummary(
            participant_id=r.participant_id,
            status=r.status,
            registered_at=r.created_at,
            status_changed_at=changed.get(r.participant_id, (None,))[0],
            rl_start_date=r.rl_start_date,
            rl_end_date=r.rl_end_date,
            decisions=decided.get(r.participant_id, (0, None))[0],
            last_decision_at=decided.get(r.participant_id, (0, None))[1],
        )
        for r in page
    ]


def _per_participant(session: Session, query: Any) -> dict[str, tuple[Any, ...]]:
    return {row[0]: tuple(row[1:]) for row in session.execute(query)}
