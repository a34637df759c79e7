"""Read-only lists for operators: a study's policy versions and the dead letters."""

from __future__ import annotations

import asyncio
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from rlkernel.db.models import DeadLetter, PolicyVersion

MAX_DEAD_LETTERS = 1000


class Listings(Protocol):
    async def policies(self, study_id: str) -> list[PolicyVersion]:
        """Newest version first."""

    async def dead_letters(
        self,
        limit: int,
        source_topic: str | None = None,
        service: str | None = None,
        study_id: str | None = None,
    ) -> list[DeadLetter]:
        """Newest first, at most `limit` (capped at MAX_DEAD_LETTERS), of one source topic,
        service and/or study if given."""

    async def dead_letter(self, letter_id: int) -> DeadLetter | None:
        """One dead letter, payload included."""


class SqlListings:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def policies(self, study_id: str) -> list[PolicyVersion]:
        def load() -> list[PolicyVersion]:
            with self.sessions() as session:
                return list(
                    session.scalars(
                        select(PolicyVersion)
                        .where(PolicyVersion.study_id == study_id)
                        .order_by(PolicyVersion.version.desc())
                    )
                )

        return await asyncio.to_thread(load)

    async def dead_letters(
        self,
        limit: int,
        source_topic: str | None = None,
        service: str | None = None,
        study_id: str | None = None,
    ) -> list[DeadLetter]:
        query = select(DeadLetter).order_by(DeadLetter.id.desc())
        if study_id is not None:
            query = query.where(DeadLetter.study_id == study_id)
        if source_topic is not None:
            query = query.where(DeadLetter.source_topic == source_topic)
        if service is not None:
            query = query.where(DeadLetter.service == service)
        query = query.limit(max(0, min(limit, MAX_DEAD_LETTERS)))

        def load() -> list[DeadLetter]:
            with self.sessions() as session:
                return list(session.scalars(query))

        return await asyncio.to_thread(load)

    async def dead_letter(self, letter_id: int) -> DeadLetter | None:
        def load() -> DeadLetter | None:
            with self.sessions() as session:
                return session.get(DeadLetter, letter_id)

        return await asyncio.to_thread(load)
