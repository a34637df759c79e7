"""Participants: PostgreSQL is the record, Redis a cache-aside in front of it (the action path
reads a participant on every request; see ParticipantCache)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from rladapters.access import Audit
from rladapters.history import RewardHistory
from rladapters.notification_times import (
    MAX_CHANGES,
    Source,
    TimesProposal,
    TimesVersion,
    versions_of,
)
from rladapters.participant_history import (
    ParticipantFilter,
    ParticipantSummary,
    StatusRecord,
    participants_page,
    record_change,
    status_history,
)
from rladapters.participants import ParticipantCache, ParticipantView, StatusChange
from rldomain.errors import Conflict
from rlkernel.db.models import Participant

REGISTERED_BY = "registration"  # the history's `changed_by` for a participant's first row


class ParticipantStore:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        cache: aioredis.Redis,
        namespace: str,
        now: Callable[[], datetime],
    ):
        self.sessions = sessions
        # The service clock: a registration's created_at is on it, as the decisions' times are,
        # so a timeline on a simulation's accelerated clock stays in order.
        self.now = now
        self.cache = ParticipantCache(cache, namespace)
        self.history = RewardHistory(cache, namespace, sessions)

    async def add(self, participant: ParticipantView) -> bool:
        now = self.now()

        def insert() -> bool:
            try:
                with self.sessions.begin() as session:
                    changes = [v.to_json() for v in participant.times_changes]
                    row = asdict(participant) | {"times_changes": changes, "created_at": now}
                    session.add(Participant(**row))
                    session.flush()  # the row its history row names
                    record_change(
                        session,
                        participant.study_id,
                        participant.participant_id,
                        None,
                        participant.status,
                        REGISTERED_BY,
                    )
            except IntegrityError:
                return False
            return True

        if not await asyncio.to_thread(insert):
            return False
        # Their first action request finds them here, and their (empty) history.
        await self.cache.put(participant)
        await self.history.start_empty(participant.study_id, participant.participant_id)
        return True

    async def get(self, study_id: str, participant_id: str) -> ParticipantView | None:
        cached = await self.cache.get(study_id, participant_id)
        if cached is not None:
            return cached

        def load() -> Participant | None:
            with self.sessions() as session:
                return session.get(Participant, (study_id, participant_id))

        row = await asyncio.to_thread(load)
        if row is None:
            return None
        view = view_of(row)
        await self.cache.put(view)
        return view

    async def change_status(
        self,
        study_id: str,
        participant_id: str,
        change: StatusChange,
        actor: str,
        note: str | None = None,
    ) -> tuple[ParticipantView, StatusRecord] | None:
        def apply() -> tuple[ParticipantView, StatusRecord] | None:
            with self.sessions.begin() as session:
                row = _locked(session, study_id, participant_id)
                if row is None:
                    return None
                before, row.status = row.status, change(row.status)
                moved = {"from": before, "to": row.status}
                if note is not None:
                    moved["note"] = note
                Audit(actor, "participant_status_changed", study_id, participant_id, moved).add_to(
                    session
                )
                changed = record_change(
                    session, study_id, participant_id, before, row.status, actor, note
                )
                return view_of(row), changed

        done = await asyncio.to_thread(apply)
        if done is not None:
            await self.cache.forget([(study_id, participant_id)])
        return done

    async def change_times(
        self,
        study_id: str,
        participant_id: str,
        propose: TimesProposal,
        at: datetime,
        source: Source,
        actor: str,
    ) -> tuple[ParticipantView, TimesVersion | None] | None:
        def apply() -> tuple[ParticipantView, TimesVersion | None] | None:
            with self.sessions.begin() as session:
                row = _locked(session, study_id, participant_id)
                if row is None:
                    return None
                before = view_of(row)
                times = propose(before)
                if times is None:
                    return before, None
                versions = before.times_changes
                if len(versions) >= MAX_CHANGES:
                    raise Conflict(
                        "times_changes_full",
                        f"participant {participant_id} has changed their times "
                        f"{MAX_CHANGES} times: no more changes are kept",
                    )
                # Oldest first, whatever the clocks of several gateways say: a change is never
                # placed before the one it follows.
                learnt = max(at, versions[-1].at) if versions else at
                version = TimesVersion(learnt, times, source, actor)
                # A new list: the JSON column is not watched for changes made in place.
                row.times_changes = [*row.times_changes, version.to_json()]
                details = {"at": learnt.isoformat(), "source": source, "change": len(versions) + 1}
                Audit(
                    actor, "notification_times_changed", study_id, participant_id, details
                ).add_to(session)
                return view_of(row), version

        done = await asyncio.to_thread(apply)
        if done is not None and done[1] is not None:
            await self.cache.forget([(study_id, participant_id)])
        return done

    async def listing(self, study_id: str, wanted: ParticipantFilter) -> list[ParticipantSummary]:
        def load() -> list[ParticipantSummary]:
            with self.sessions() as session:
                return participants_page(session, study_id, wanted)

        return await asyncio.to_thread(load)

    async def status_history(self, study_id: str, participant_id: str) -> list[StatusRecord]:
        def load() -> list[StatusRecord]:
            with self.sessions() as session:
                return status_history(session, study_id, participant_id)

        return await asyncio.to_thread(load)


def _locked(session: Session, study_id: str, participant_id: str) -> Participant | None:
    """The participant's row, locked until the transaction ends: changes wait on each other."""
    return session.scalars(
        select(Participant)
        .where(Participant.study_id == study_id, Participant.participant_id == participant_id)
        .with_for_update()
    ).first()


def view_of(row: Participant) -> ParticipantView:
    """The participant as every reader sees them (the gateway, ingest's sweep): one place
    that turns a row into the schedule decisions and windows are computed from."""
    return ParticipantView(
        row.study_id,
        row.participant_id,
        row.status,
        row.baseline,
        row.rl_start_date,
        row.rl_end_date,
        versions_of(row.times_changes),
    )
