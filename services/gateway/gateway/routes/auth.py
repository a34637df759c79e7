"""Authentication: MiWaves-compatible /auth routes and the native /v1/clients."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status

from gateway import clients
from gateway.auth import Caller
from gateway.deps import AdminCaller, AnyCaller, StateDep, TokenDep
from gateway.schemas import ClientIn, LoginIn, MiWavesCredentials

router = APIRouter(tags=["auth"])


@router.post("/auth/register", status_code=status.HTTP_201_CREATED)
async def register_client(
    body: MiWavesCredentials,
    state: StateDep,
    token: TokenDep,
) -> dict[str, Any]:
    """Register an API client: open while none exists, then admin only (MiWaves)."""
    caller: Caller | None = None
    if token is not None:
        caller = await state.tokens.verify(token)
        if caller.role != "admin":
            caller = None  # a non-admin token counts as none: only the first client is open
    await clients.create(state.sessions, body.api_user, body.api_pass, "client", caller)
    return {
        "status": "success",
        "message": "Successfully registered.",
        "auth_token": state.tokens.issue(body.api_user, "client"),
    }


@router.post("/auth/login")
async def login(body: MiWavesCredentials, state: StateDep) -> dict[str, Any]:
    """Log in; the token goes in `Authorization: Bearer <token>` (MiWaves)."""
    role = await clients.authenticate(state.sessions, body.api_user, body.api_pass)
    return {
        "status": "success",
        "message": "Successfully logged in.",
        "auth_token": state.tokens.issue(body.api_user, role),
    }


@router.post("/auth/logout")
async def logout(caller: AnyCaller, state: StateDep) -> dict[str, Any]:
    """Revoke the token sent with this request (MiWaves)."""
    await state.tokens.revoke(caller)
    return {"status": "success", "message": "Successfully logged out."}


@router.post("/v1/clients", status_code=status.HTTP_201_CREATED)
async def create_client(body: ClientIn, caller: AdminCaller, state: StateDep) -> dict[str, Any]:
    """Create a client, admin or analyst account (admin only)."""
    await clients.create(state.sessions, body.username, body.password, body.role, caller)
    return {"status": "success", "username": body.username, "role": body.role}


@router.post("/v1/tokens")
async def create_token(body: LoginIn, state: StateDep) -> dict[str, Any]:
    """Exchange a username and password for an access token."""
    role = await clients.authenticate(state.sessions, body.username, body.password)
    return {
        "status": "success",
        "access_token": state.tokens.issue(body.username, role),
        "token_type": "bearer",
        "expires_in": state.settings.jwt_ttl_seconds,
    }
