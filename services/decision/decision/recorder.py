"""Confirms each decision seen on `decisions.made` as logged, and moves the participant's
life-cycle on. The decision itself was stored before it was answered (rladapters.slots); what
stays unlogged, the sweeper publishes again.

Idempotent: a decision published twice (same event) is confirmed once; the offset is committed
only after the transaction, so a crash in between replays the batch harmlessly. A few
statements per batch, not per decision: this runs on every decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rldomain.lifecycle import COMPLETED_AWAITING_REVIEW, REGISTERED, STARTED
from rldomain.study import Study
from rlkernel.db.models import Decision, Participant
from rlkernel.events import DecisionMade

DECISIONS = cast(Table, Decision.__table__)
PARTICIPANTS = cast(Table, Participant.__table__)
COLUMNS = (
    "rid",
    "study_id",
    "participant_id",
    "decision_index",
    "request_id",
    "event_id",
    "seed",
    "action",
    "probability",
    "policy_version",
    "algorithm",
    "state",
    "context",
    "recent_rewards",
    "fallback",
    "fallback_reason",
    "decided_at",
    "decided_by",
)


@dataclass
class Recorded:
    conflicts: list[DecisionMade] = field(default_factory=list)  # to dead-letter: must not exist
    moved: list[tuple[str, str]] = field(default_factory=list)  # (study, participant) changed


def record(
    sessions: sessionmaker[Session], studies: dict[str, Study], decisions: Sequence[DecisionMade]
) -> Recorded:
    """Confirms the batch as logged. The decision service stored each decision before answering;
    one that is not stored yet (published by an earlier version) is stored now. A decision that
    conflicts with a different stored one (same slot or same rid) is returned in `conflicts`
    for the caller to dead-letter."""
    unique = list({d.event_id: d for d in decisions}.values())
    result = Recorded()
    with sessions.begin() as session:
        rows = [{c: getattr(d, c) for c in COLUMNS} | {"logged_at": func.now()} for d in unique]
        inserted = set(
            session.scalars(
                insert(DECISIONS)
                .values(rows)
                .on_conflict_do_nothing()
                .returning(DECISIONS.c.event_id)
            )
        )
        # First seen on the log now: stored by the decision service, not yet marked.
        newly_logged = set(
            session.scalars(
                update(DECISIONS)
                .where(
                    DECISIONS.c.event_id.in_([d.event_id for d in unique]),
                    DECISIONS.c.logged_at.is_(None),
                )
                .values(logged_at=func.now())
                .returning(DECISIONS.c.event_id)
            )
        )
        skipped = [d for d in unique if d.event_id not in inserted]
        if skipped:  # stored before (by the decision service, or a re-publish), or a conflict
            seen = set(
                session.scalars(
                    select(DECISIONS.c.event_id).where(
                        DECISIONS.c.event_id.in_([d.event_id for d in skipped])
                    )
                )
            )
            result.conflicts = [d for d in skipped if d.event_id not in seen]
        new = [d for d in unique if d.event_id in inserted | newly_logged]
        result.moved = _advance_lifecycle(session, studies, new)
    return result


def _advance_lifecycle(
    session: Session, studies: dict[str, Study], new: list[DecisionMade]
) -> list[tuple[str, str]]:
    """REGISTERED -> STARTED on a first decision; -> COMPLETED_AWAITING_REVIEW on the last."""

    def last_one(d: DecisionMade) -> bool:
        total = (
            studies[d.study_id].schedule.decisions_per_participant
            if (d.study_id in studies)
            else None
        )
        return bool(total) and d.decision_index >= (total or 0) - 1

    moved: list[tuple[str, str]] = []
    for status, allowed_from, group in (
        (STARTED, (REGISTERED,), [d for d in new if not last_one(d)]),
        (COMPLETED_AWAITING_REVIEW, (REGISTERED, STARTED), [d for d in new if last_one(d)]),
    ):
        if not group:
            continue
        keys = {(d.study_id, d.participant_id) for d in group}
        changed = session.execute(
            update(PARTICIPANTS)
            .where(
                tuple_(PARTICIPANTS.c.study_id, PARTICIPANTS.c.participant_id).in_(keys),
                PARTICIPANTS.c.status.in_(allowed_from),
            )
            .values(status=status)
            .returning(PARTICIPANTS.c.study_id, PARTICIPANTS.c.participant_id)
        )
        moved += [(r.study_id, r.participant_id) for r in changed]
    return moved
