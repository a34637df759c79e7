"""API client accounts in PostgreSQL."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from gateway.auth import Caller, hash_password, password_matches
from gateway.errors import ApiError
from rlkernel.db.models import Client


async def create(
    sessions: sessionmaker[Session], username: str, password: str, role: str, caller: Caller | None
) -> None:
    """Creates a client. Without a caller this is allowed only while no client exists yet
    (MiWaves' first registration); checked under a table lock so two first calls cannot race."""
    password_hash = await asyncio.to_thread(hash_password, password)

    def insert() -> None:
        try:
            with sessions.begin() as session:
                session.execute(text("LOCK TABLE clients IN SHARE ROW EXCLUSIVE MODE"))
                if caller is None and session.scalar(select(func.count()).select_from(Client)):
                    raise ApiError(
                        401,
                        "admin_required",
                        "a client exists already: registering more needs an admin",
                    )
                session.add(Client(username=username, password_hash=password_hash, role=role))
        except IntegrityError:
            raise ApiError(409, "client_exists", f"client {username} exists already") from None

    await asyncio.to_thread(insert)


async def authenticate(sessions: sessionmaker[Session], username: str, password: str) -> str:
    """The client's role if the password matches; the same error whatever was wrong."""

    def check() -> str | None:
        with sessions() as session:
            row = session.scalars(select(Client).where(Client.username == username)).first()
            ok = password_matches(row.password_hash if row else None, password)
            return row.role if row and ok else None

    role = await asyncio.to_thread(check)
    if role is None:
        raise ApiError(401, "invalid_credentials", "unknown user or wrong password")
    return role
