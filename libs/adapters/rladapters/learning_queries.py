"""The learning path's records the gateway reads and writes: update requests and failed windows.

Each sits behind a protocol the gateway's use cases depend on; the classes here are PostgreSQL,
queried in a thread (SQLAlchemy is sync)."""

from __future__ import annotations

import asyncio
from typing import Protocol
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rlkernel.db.models import UpdateRequest, WindowRecord
from rlkernel.events import UpdateRequested


class UpdateRequests(Protocol):
    async def add(self, request: UpdateRequested) -> None:
        """Recorded as processing until the trainer finishes it."""

    async def get(self, update_id: UUID) -> UpdateRequest | None: ...


class FailedWindows(Protocol):
    async def of_study(self, study_id: str) -> list[WindowRecord]:
        """Oldest failure first."""

    async def reopen(self, study_id: str) -> list[WindowRecord]:
        """Sets every failed window of the study back to pending, and returns them."""


class UpdateRequestStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def add(self, request: UpdateRequested) -> None:
        def insert_request() -> None:
            with self.sessions.begin() as session:
                session.execute(
                    insert(UpdateRequest).values(
                        update_id=request.update_id,
                        study_id=request.study_id,
                        requested_at=request.requested_at,
                        callback_url=request.callback_url,
                        status="processing",
                    )
                )

        await asyncio.to_thread(insert_request)

    async def get(self, update_id: UUID) -> UpdateRequest | None:
        def load() -> UpdateRequest | None:
            with self.sessions() as session:
                return session.get(UpdateRequest, update_id)

        return await asyncio.to_thread(load)


class FailedWindowStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def of_study(self, study_id: str) -> list[WindowRecord]:
        def load() -> list[WindowRecord]:
            with self.sessions() as session:
                return list(
                    session.scalars(
                        select(WindowRecord)
                        .where(WindowRecord.study_id == study_id, WindowRecord.status == "failed")
                        .order_by(WindowRecord.updated_at)
                    )
                )

        return await asyncio.to_thread(load)

    async def reopen(self, study_id: str) -> list[WindowRecord]:
        def claim() -> list[WindowRecord]:
            with self.sessions.begin() as session:
                rows = list(
                    session.scalars(
                        select(WindowRecord)
                        .where(WindowRecord.study_id == study_id, WindowRecord.status == "failed")
                        .with_for_update()
                    )
                )
                session.execute(
                    update(WindowRecord)
                    .where(WindowRecord.study_id == study_id, WindowRecord.status == "failed")
                    .values(status="pending")
                )
                return rows

        return await asyncio.to_thread(claim)
