"""Participants: PostgreSQL is the record, Redis a cache-aside in front of it (the action path
reads a participant on every request; see ParticipantCache)."""

from __future__ import annotations

import asyncio
from dataclasses import asdict

import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from rladapters.access import Audit
from rladapters.history import RewardHistory
from rladapters.participant_history import (
    ParticipantFilter,
    ParticipantSummary,
    StatusRecord,
    participants_page,
    record_change,
    status_history,
)
from rladapters.participants import ParticipantCache, ParticipantView, StatusChange
from rlkernel.db.models import Participant

REGISTERED_BY = "registration"  # the history's `changed_by` for a participant's first row


class ParticipantStore:
    def __init__(self, sessions: sessionmaker[Session], cache: aioredis.Redis, namespace: str):
        self.sessions = sessions
        self.cache = ParticipantCache(cache, namespace)
        self.history = RewardHistory(cache, namespace, sessions)

    async def add(self, participant: ParticipantView) -> bool:
        def insert() -> bool:
            try:
                with self.sessions.begin() as session:
                    session.add(Participant(**asdict(participant)))
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
        view = _view(row)
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
                row = session.scalars(
                    select(Participant)
                    .where(
                        Participant.study_id == study_id,
                        Participant.participant_id == participant_id,
                    )
                    .with_for_update()
                ).first()
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
                return _view(row), changed

        done = await asyncio.to_thread(apply)
        if done is not None:
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


def _view(row: Participant) -> ParticipantView:
    return ParticipantView(
        row.study_id,
        row.participant_id,
        row.status,
        row.baseline,
        row.rl_start_date,
        row.rl_end_date,
    )
