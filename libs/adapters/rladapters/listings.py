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

    async def dead_letters(self, limit: int) -> list[DeadLetter]:
        """Newest first, at most `limit` (capped at MAX_DEAD_LETTERS)."""


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

    async def dead_letters(self, limit: int) -> list[DeadLetter]:
        def load() -> list[DeadLetter]:
            with self.sessions() as session:
                query = select(DeadLetter).order_by(DeadLetter.id.desc())
                return list(session.scalars(query.limit(min(limit, MAX_DEAD_LETTERS))))

        return await asyncio.to_thread(load)
