"""Who may do what: API clients, their roles per study, and the append-only audit log.

PostgreSQL is the record. A client is a deployment-wide admin (it manages clients and roles) or
not, and holds roles per study: `backend` (what a study's mobile backend does), `analyst` (reads)
and `operator` (runs the study). Every change of a client or a role is written with its audit
entry in one transaction; the caller then bumps the access version (Revocations.access_changed)
so that every gateway reloads the grants it holds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from rldomain.errors import Conflict, NotFound
from rlkernel.db.models import STUDY_ROLES, AuditEntry, Client, ClientRole

MAX_AUDIT_ENTRIES = 1000


@dataclass(frozen=True)
class Grants:
    """What one enabled client may do: read from PostgreSQL, held by the gateway per client."""

    username: str
    admin: bool
    roles: Mapping[str, frozenset[str]]  # study id -> roles there
    tokens_valid_after: float = 0.0  # epoch seconds; tokens issued earlier are refused

    def may(self, study_id: str, *roles: str) -> bool:
        held = self.roles.get(study_id, frozenset())
        return any(role in held for role in roles)

    def studies(self, *roles: str) -> list[str]:
        """The studies where the client holds one of `roles` (any role when none given)."""
        return sorted(s for s, held in self.roles.items() if not roles or held & set(roles))


@dataclass(frozen=True)
class Audit:
    """One entry to append: who did what, in which study, to what. Ids, never answers."""

    actor: str
    action: str
    study_id: str | None = None
    target: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def add_to(self, session: Session) -> None:
        session.add(
            AuditEntry(
                actor=self.actor,
                action=self.action,
                study_id=self.study_id,
                target=self.target,
                details=self.details,
            )
        )


class AccessStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def grants(self, username: str) -> Grants | None:
        """The client's grants; None for an unknown or disabled client."""

        def load() -> Grants | None:
            with self.sessions() as session:
                client = session.scalars(select(Client).where(Client.username == username)).first()
                if client is None or client.disabled_at is not None:
                    return None
                roles: dict[str, set[str]] = {}
                for study, role in session.execute(
                    select(ClientRole.study_id, ClientRole.role).where(
                        ClientRole.client_id == client.id
                    )
                ):
                    roles.setdefault(study, set()).add(role)
                after = client.tokens_valid_after
                return Grants(
                    username,
                    client.is_admin,
                    {s: frozenset(r) for s, r in roles.items()},
                    after.timestamp() if after else 0.0,
                )

        return await asyncio.to_thread(load)

    async def password_hash(self, username: str) -> str | None:
        """The stored hash of an enabled client (None: unknown or disabled)."""

        def load() -> str | None:
            with self.sessions() as session:
                return session.scalar(
                    select(Client.password_hash).where(
                        Client.username == username, Client.disabled_at.is_(None)
                    )
                )

        return await asyncio.to_thread(load)

    async def create(
        self,
        username: str,
        password_hash: str,
        roles: Iterable[tuple[str, str]],
        audits: Iterable[Audit],
        admin: bool = False,
        only_if_no_admin: bool = False,
    ) -> None:
        """Creates a client with its roles. `only_if_no_admin`: the bootstrap, allowed once,
        checked under a table lock so that two first calls cannot both succeed."""
        roles, audits = sorted(set(roles)), list(audits)
        for _, role in roles:
            if role not in STUDY_ROLES:
                raise ValueError(f"unknown role {role}")

        def insert_client() -> None:
            try:
                with self.sessions.begin() as session:
                    if only_if_no_admin:
                        session.execute(text("LOCK TABLE clients IN SHARE ROW EXCLUSIVE MODE"))
                        admins = select(func.count()).select_from(Client).where(Client.is_admin)
                        if session.scalar(admins):
                            raise Conflict(
                                "already_bootstrapped",
                                "an admin exists already: the admin token is spent; "
                                "log in as an admin instead",
                            )
                    client = Client(username=username, password_hash=password_hash, is_admin=admin)
                    session.add(client)
                    session.flush()
                    for study, role in roles:
                        session.add(ClientRole(client_id=client.id, study_id=study, role=role))
                    for audit in audits:
                        audit.add_to(session)
            except IntegrityError:
                raise Conflict("client_exists", f"client {username} exists already") from None

        await asyncio.to_thread(insert_client)

    async def set_role(
        self, username: str, study_id: str, role: str, granted: bool, audit: Audit
    ) -> None:
        def change() -> None:
            with self.sessions.begin() as session:
                client_id = self._client_id(session, username)
                if granted:
                    session.execute(
                        insert(ClientRole)
                        .values(client_id=client_id, study_id=study_id, role=role)
                        .on_conflict_do_nothing()
                    )
                else:
                    session.execute(
                        delete(ClientRole).where(
                            ClientRole.client_id == client_id,
                            ClientRole.study_id == study_id,
                            ClientRole.role == role,
                        )
                    )
                audit.add_to(session)

        await asyncio.to_thread(change)

    async def set_enabled(self, username: str, enabled: bool, audit: Audit) -> None:
        """Disabling refuses the client's logins and every token it holds, at once; enabling
        again lets it log in, but its earlier tokens stay refused."""

        def change() -> None:
            with self.sessions.begin() as session:
                client_id = self._client_id(session, username)
                now = datetime.now(UTC)
                values: dict[str, Any] = (
                    {"disabled_at": None}
                    if enabled
                    else {"disabled_at": now, "tokens_valid_after": now}
                )
                session.execute(update(Client).where(Client.id == client_id).values(**values))
                audit.add_to(session)

        await asyncio.to_thread(change)

    async def clients(self) -> list[dict[str, Any]]:
        def load() -> list[dict[str, Any]]:
            with self.sessions() as session:
                roles: dict[int, list[dict[str, str]]] = {}
                for row in session.scalars(
                    select(ClientRole).order_by(ClientRole.study_id, ClientRole.role)
                ):
                    roles.setdefault(row.client_id, []).append(
                        {"study_id": row.study_id, "role": row.role}
                    )
                return [
                    {
                        "username": c.username,
                        "admin": c.is_admin,
                        "disabled": c.disabled_at is not None,
                        "roles": roles.get(c.id, []),
                        "created_at": c.created_at.isoformat(),
                    }
                    for c in session.scalars(select(Client).order_by(Client.username))
                ]

        return await asyncio.to_thread(load)

    async def record(self, audit: Audit) -> None:
        """Appends one entry on its own (for actions whose change is not in this store)."""

        def append() -> None:
            with self.sessions.begin() as session:
                audit.add_to(session)

        await asyncio.to_thread(append)

    async def audit_log(self, study_id: str | None, limit: int) -> list[AuditEntry]:
        """Newest first; of one study when given, of the whole deployment otherwise."""
        query = select(AuditEntry).order_by(AuditEntry.id.desc())
        if study_id is not None:
            query = query.where(AuditEntry.study_id == study_id)
        query = query.limit(max(1, min(limit, MAX_AUDIT_ENTRIES)))

        def load() -> list[AuditEntry]:
            with self.sessions() as session:
                return list(session.scalars(query))

        return await asyncio.to_thread(load)

    @staticmethod
    def _client_id(session: Session, username: str) -> int:
        client_id = session.scalar(
            select(Client.id).where(Client.username == username).with_for_update()
        )
        if client_id is None:
            raise NotFound("client_not_found", f"no client {username}")
        return client_id
