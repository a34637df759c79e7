"""Clients and their roles (deployment admins), and the audit log (admins; a study's operators).

ADMIN_TOKEN is accepted here once, to create the first admin; every later change is made by a
named admin and lands in the audit log."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from gateway.deps import AccessDep, AdminCaller, ClientsDep, Operator, SettingsDep, TokenDep
from gateway.errors import ApiError
from gateway.inputs import Id
from gateway.responses import (
    AuditLog,
    Bootstrapped,
    ClientCreated,
    ClientList,
    ClientState,
    RoleChanged,
    errors_for,
)
from gateway.schemas import BootstrapIn, ClientIn, Role
from rladapters.access import MAX_AUDIT_ENTRIES
from rlkernel.db.models import AuditEntry

router = APIRouter(prefix="/v1", tags=["clients"])

Limit = Annotated[int, Query(ge=1, le=MAX_AUDIT_ENTRIES, description="at most this many")]
RoleName = Annotated[Role, Path()]


@router.post(
    "/bootstrap",
    operation_id="bootstrap",
    status_code=status.HTTP_201_CREATED,
    response_model=Bootstrapped,
    responses=errors_for(401, 409, 413, 422),
)
async def bootstrap(
    body: BootstrapIn, token: TokenDep, settings: SettingsDep, clients: ClientsDep
) -> dict[str, Any]:
    """Create the first admin with `Authorization: Bearer <ADMIN_TOKEN>`; refused (409) once
    an admin exists: the admin token creates nothing else."""
    expected = settings.admin_token.get_secret_value().encode()
    if token is None or not hmac.compare_digest(token.encode(), expected):
        raise ApiError(401, "token_invalid", "send the deployment's ADMIN_TOKEN")
    await clients.bootstrap(body.username, body.password)
    return {"status": "success", "username": body.username, "admin": True}


@router.post(
    "/clients",
    operation_id="createClient",
    status_code=status.HTTP_201_CREATED,
    response_model=ClientCreated,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def create_client(body: ClientIn, caller: AdminCaller, clients: ClientsDep) -> dict[str, Any]:
    """Create a client: an admin, and/or roles in studies (backend, analyst, operator)."""
    roles = [(r.study_id, r.role) for r in body.roles]
    await clients.create(caller.username, body.username, body.password, roles, body.admin)
    return {
        "status": "success",
        "username": body.username,
        "admin": body.admin,
        "roles": [r.model_dump() for r in body.roles],
    }


@router.get(
    "/clients",
    operation_id="listClients",
    response_model=ClientList,
    responses=errors_for(401, 403),
)
async def list_clients(_: AdminCaller, access: AccessDep) -> dict[str, Any]:
    """Every client, its roles and whether it is disabled."""
    return {"clients": await access.clients()}


@router.put(
    "/clients/{username}/roles/{study_id}/{role}",
    operation_id="grantRole",
    response_model=RoleChanged,
    responses=errors_for(401, 403, 404, 422),
)
async def grant_role(
    username: Id, study_id: Id, role: RoleName, caller: AdminCaller, clients: ClientsDep
) -> dict[str, Any]:
    """Give the client a role in a study (no change if it holds it already)."""
    await clients.set_role(caller.username, username, study_id, role, granted=True)
    return {"status": "success", "username": username, "study_id": study_id, "role": role}


@router.delete(
    "/clients/{username}/roles/{study_id}/{role}",
    operation_id="revokeRole",
    response_model=RoleChanged,
    responses=errors_for(401, 403, 404, 422),
)
async def revoke_role(
    username: Id, study_id: Id, role: RoleName, caller: AdminCaller, clients: ClientsDep
) -> dict[str, Any]:
    """Take a role away; the client's next request already goes without it."""
    await clients.set_role(caller.username, username, study_id, role, granted=False)
    return {"status": "success", "username": username, "study_id": study_id, "role": role}


@router.post(
    "/clients/{username}/disable",
    operation_id="disableClient",
    response_model=ClientState,
    responses=errors_for(401, 403, 404, 409, 422),
)
async def disable_client(username: Id, caller: AdminCaller, clients: ClientsDep) -> dict[str, Any]:
    """Refuse the client's logins and every token it holds, at once."""
    if username == caller.username:
        raise ApiError(409, "cannot_disable_self", "an admin cannot disable itself")
    await clients.set_enabled(caller.username, username, enabled=False)
    return {"status": "success", "username": username, "disabled": True}


@router.post(
    "/clients/{username}/enable",
    operation_id="enableClient",
    response_model=ClientState,
    responses=errors_for(401, 403, 404, 422),
)
async def enable_client(username: Id, caller: AdminCaller, clients: ClientsDep) -> dict[str, Any]:
    """Let the client log in again (tokens from before it was disabled stay refused)."""
    await clients.set_enabled(caller.username, username, enabled=True)
    return {"status": "success", "username": username, "disabled": False}


def entry(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "actor": e.actor,
        "action": e.action,
        "study_id": e.study_id,
        "target": e.target,
        "details": e.details,
    }


@router.get(
    "/audit",
    operation_id="getAuditLog",
    response_model=AuditLog,
    responses=errors_for(401, 403, 422),
)
async def audit_log(_: AdminCaller, access: AccessDep, limit: Limit = 100) -> dict[str, Any]:
    """The whole deployment's audit log, newest first (admins)."""
    return {"entries": [entry(e) for e in await access.audit_log(None, limit)]}


@router.get(
    "/studies/{study_id}/audit",
    operation_id="getStudyAuditLog",
    response_model=AuditLog,
    responses=errors_for(401, 403, 404, 422),
)
async def study_audit_log(scope: Operator, access: AccessDep, limit: Limit = 100) -> dict[str, Any]:
    """What was done in this study, by whom and when, newest first (its operators)."""
    return {"entries": [entry(e) for e in await access.audit_log(scope.study.id, limit)]}
