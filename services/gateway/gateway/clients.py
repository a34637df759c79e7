"""Managing API clients: the first admin, clients, their roles per study, disabling them.

Each change is stored with its audit entry in one transaction, then the access version is
bumped so that every gateway re-reads the grants it holds (gateway.auth)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass

from gateway.auth import hash_password, password_matches
from gateway.errors import ApiError
from gateway.studies import Studies
from rladapters.access import AccessStore, Audit
from rladapters.revocations import Revocations


@dataclass(frozen=True)
class ClientAdmin:
    access: AccessStore
    revocations: Revocations
    studies: Studies

    async def authenticate(self, username: str, password: str) -> None:
        """The same error whatever was wrong: unknown user, wrong password, disabled."""
        stored = await self.access.password_hash(username)
        if not await asyncio.to_thread(password_matches, stored, password):
            raise ApiError(401, "invalid_credentials", "unknown user or wrong password")

    async def bootstrap(self, username: str, password: str) -> None:
        """The first admin, made with ADMIN_TOKEN; refused once an admin exists."""
        audit = Audit("admin-token", "admin_bootstrapped", target=username)
        await self._create(username, password, [], [audit], admin=True, only_if_no_admin=True)

    async def create(
        self,
        actor: str,
        username: str,
        password: str,
        roles: Iterable[tuple[str, str]],
        admin: bool = False,
    ) -> None:
        roles = sorted(set(roles))
        for study, _ in roles:
            self.studies.get(study)  # 404 for a study this deployment does not serve
        audits = [Audit(actor, "client_created", target=username, details={"admin": admin})]
        # Each role lands in its study's log, where that study's operators read it.
        audits += [Audit(actor, "role_granted", s, username, {"role": r}) for s, r in roles]
        await self._create(username, password, roles, audits, admin=admin)

    async def set_role(
        self, actor: str, username: str, study_id: str, role: str, granted: bool
    ) -> None:
        self.studies.get(study_id)
        action = "role_granted" if granted else "role_revoked"
        audit = Audit(actor, action, study_id, username, {"role": role})
        await self.access.set_role(username, study_id, role, granted, audit)
        await self.revocations.access_changed()

    async def set_enabled(self, actor: str, username: str, enabled: bool) -> None:
        action = "client_enabled" if enabled else "client_disabled"
        await self.access.set_enabled(username, enabled, Audit(actor, action, target=username))
        await self.revocations.access_changed()

    async def _create(
        self,
        username: str,
        password: str,
        roles: list[tuple[str, str]],
        audits: list[Audit],
        admin: bool,
        only_if_no_admin: bool = False,
    ) -> None:
        password_hash = await asyncio.to_thread(hash_password, password)
        await self.access.create(username, password_hash, roles, audits, admin, only_if_no_admin)
        await self.revocations.access_changed()  # a gateway may hold "unknown" for this name
