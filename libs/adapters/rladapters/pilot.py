"""Pilot studies: a study is a `pilot` until an admin marks it `live`, and a pilot's data can
be reset, so that the trial proper starts from the initial policy with none of the pilot in it.

A reset is one PostgreSQL transaction: it takes the trainer's lock of the study (no update is
on its way to a version), locks the study's phase row (no one marks it live meanwhile) and its
participants (a decision being stored for one of them finishes first), deletes every row of
the study in RESET_TABLES, writes version 1 from the priors, a policy-controls row that leaves
the study unfrozen and unpinned, and the audit entry with the counts. The history tables'
triggers let these deletes through only inside this transaction, and never for a live study
(migration 0012). Then the caller puts version 1 in Redis (PolicyMirror.refresh), forgets the
study's other caches (`forget_caches`) and announces the reset (`announced`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import redis.asyncio as aioredis
from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rladapters.access import Audit
from rladapters.policies import initial
from rladapters.policy_controls import study_lock
from rldomain.errors import Conflict
from rldomain.study import Study
from rlkernel.db.models import (
    AuditRun,
    Base,
    CheckResultRow,
    DeadLetter,
    Decision,
    Incident,
    Observation,
    Participant,
    ParticipantStatusChange,
    PolicyControl,
    PolicyVersion,
    RefusedVersion,
    SlotConflict,
    StudyPhase,
    UpdateExclusion,
    UpdateRequest,
    UpdateTrigger,
    WindowRecord,
)
from rlkernel.events import StudyControlChanged
from rlkernel.redis_epoch import RedisEpoch

# What a reset deletes, in this order: rows naming a participant before the participant, and
# decisions before observations and windows: ingest reads a decision FOR KEY SHARE before it
# stores an observation and its window, so deleting the decision waits for that transaction,
# and the deletes after it see what it stored.
RESET_TABLES: tuple[type[Base], ...] = (
    ParticipantStatusChange,
    Decision,
    Observation,
    WindowRecord,
    Participant,
    UpdateRequest,
    UpdateExclusion,
    PolicyControl,
    PolicyVersion,
    UpdateTrigger,  # the periods already updated: the trial proper starts its own
    DeadLetter,
    SlotConflict,  # the pilot's health record goes with its data
    RefusedVersion,
    CheckResultRow,
    Incident,
    AuditRun,  # the pilot's audits checked decisions the reset deletes
)
# Tables with a study_id that a reset keeps: the audit log (which records the reset), who may
# work on the study, and its phase. A unit test holds every table to one list or the other.
KEPT_TABLES = frozenset({"audit_log", "client_roles", "study_phases"})
RESET_REASON = "pilot reset"


@dataclass(frozen=True)
class Reset:
    study_id: str
    at: datetime  # the service clock's, read once the study's writers were locked out
    by: str
    deleted: dict[str, int]  # rows, by table


@dataclass(frozen=True)
class Live:
    study_id: str
    at: datetime
    by: str


class PilotStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def mark_live(self, study_id: str, actor: str, at: datetime) -> Live:
        """For good; Conflict `study_live` when it is already."""

        def write() -> Live:
            with self.sessions.begin() as session:
                row = _locked_phase(session, study_id)
                if row.phase == "live":
                    raise Conflict("study_live", f"study {study_id} is live already")
                row.phase, row.live_at, row.live_by = "live", at, actor
                Audit(actor, "study_marked_live", study_id).add_to(session)
                return Live(study_id, at, actor)

        return await asyncio.to_thread(write)

    async def reset(self, study: Study, actor: str, now: Callable[[], datetime]) -> Reset:
        """Deletes the pilot's data (see the module); Conflict `study_live` once it is live."""

        def write() -> Reset:
            with self.sessions.begin() as session:
                study_lock(session, study.id)
                phase = _locked_phase(session, study.id)
                if phase.phase == "live":
                    raise Conflict("study_live", f"study {study.id} is live: it cannot be reset")
                session.execute(
                    select(Participant.participant_id)
                    .where(Participant.study_id == study.id)
                    .with_for_update()
                ).all()
                at = now()  # after the locks: what was decided before is before `at`
                session.execute(
                    select(func.set_config("rls.pilot_reset", study.id, True))
                )  # the history tables' triggers let this study's rows go, in this transaction
                deleted = {
                    model.__tablename__: _delete(session, model, study.id) for model in RESET_TABLES
                }
                session.execute(insert(PolicyVersion).values(initial(study, at)))
                session.add(
                    PolicyControl(
                        study_id=study.id,
                        change="reset",
                        frozen=False,
                        pinned_version=None,
                        reason=RESET_REASON,
                        changed_by=actor,
                        changed_at=at,
                    )
                )
                phase.last_reset_at = at
                details = {"deleted": deleted, "reset_at": at.isoformat()}
                Audit(actor, "study_reset", study.id, None, details).add_to(session)
                return Reset(study.id, at, actor, deleted)

        return await asyncio.to_thread(write)


def _locked_phase(session: Session, study_id: str) -> StudyPhase:
    """The study's phase row, created as a pilot's if missing, locked until the commit."""
    session.execute(insert(StudyPhase).values(study_id=study_id).on_conflict_do_nothing())
    return session.scalars(
        select(StudyPhase).where(StudyPhase.study_id == study_id).with_for_update()
    ).one()


def _delete(session: Session, model: type[Base], study_id: str) -> int:
    done = session.execute(delete(model).where(model.__table__.c.study_id == study_id))
    return cast(CursorResult[Any], done).rowcount


def last_reset(session: Session, study_id: str) -> datetime | None:
    """When the study's data was last reset (service clock); None if never."""
    return session.scalar(select(StudyPhase.last_reset_at).where(StudyPhase.study_id == study_id))


async def forget_caches(redis: aioredis.Redis, namespace: str, study_id: str) -> int:
    """Deletes the study's cached participants and recent rewards (under the current Redis
    epoch: older epochs' keys are read by no one); the number of keys deleted. They refill
    from PostgreSQL, which holds the study's state after the reset. The served policy is not
    deleted but replaced (PolicyMirror.refresh): its write carries the reset's control row,
    which outranks a write of a pilot's version still on its way to Redis."""
    epoch = await RedisEpoch(redis, namespace).current()
    keys = []
    for kind in ("participant", "rewards"):
        pattern = f"{namespace}:{kind}:{epoch}:{study_id}:*"
        keys += [k async for k in redis.scan_iter(match=pattern, count=500)]
    return int(await redis.delete(*keys)) if keys else 0


def announced(change: Reset | Live) -> StudyControlChanged:
    if isinstance(change, Reset):
        return StudyControlChanged(
            study_id=change.study_id,
            change="reset",
            phase="pilot",
            changed_by=change.by,
            changed_at=change.at,
            deleted=change.deleted,
        )
    return StudyControlChanged(
        study_id=change.study_id,
        change="live",
        phase="live",
        changed_by=change.by,
        changed_at=change.at,
    )
