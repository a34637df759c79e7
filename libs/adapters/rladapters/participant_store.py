"""Participants: PostgreSQL is the record, Redis a cache-aside in front of it (the action path
reads a participant on every request). Writers delete the cached entry after they commit; the
TTL bounds what a lost deletion could leave stale."""

from __future__ import annotations

import asyncio
from dataclasses import asdict

import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from rladapters.participants import ParticipantView, StatusChange, cache_key
from rlkernel.db.models import Participant

CACHE_SECONDS = 300


class ParticipantStore:
    def __init__(self, sessions: sessionmaker[Session], cache: aioredis.Redis, namespace: str):
        self.sessions, self.cache, self.namespace = sessions, cache, namespace

    async def add(self, participant: ParticipantView) -> bool:
        def insert() -> bool:
            try:
                with self.sessions.begin() as session:
                    session.add(Participant(**asdict(participant)))
            except IntegrityError:
                return False
            return True

        return await asyncio.to_thread(insert)

    async def get(self, study_id: str, participant_id: str) -> ParticipantView | None:
        key = cache_key(self.namespace, study_id, participant_id)
        cached = await self.cache.get(key)
        if cached is not None:
            return ParticipantView.from_json(cached)

        def load() -> Participant | None:
            with self.sessions() as session:
                return session.get(Participant, (study_id, participant_id))

        row = await asyncio.to_thread(load)
        if row is None:
            return None
        view = _view(row)
        await self.cache.set(key, view.to_json(), ex=CACHE_SECONDS)
        return view

    async def change_status(
        self, study_id: str, participant_id: str, change: StatusChange
    ) -> ParticipantView | None:
        def apply() -> ParticipantView | None:
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
                row.status = change(row.status)
                return _view(row)

        view = await asyncio.to_thread(apply)
        if view is not None:
            await self.cache.delete(cache_key(self.namespace, study_id, participant_id))
        return view


def _view(row: Participant) -> ParticipantView:
    return ParticipantView(
        row.study_id,
        row.participant_id,
        row.status,
        row.baseline,
        row.rl_start_date,
        row.rl_end_date,
    )
