"""Logging in and out: the MiWaves-compatible /auth routes and the native /v1/tokens."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Request, status

from gateway.deps import AdminCaller, AnyCaller, ClientsDep, StateDep
from gateway.forwarded import caller_address
from gateway.responses import AccessToken, Message, MiWavesToken, errors_for
from gateway.schemas import LoginIn, MiWavesCredentials
from gateway.state import GatewayState

router = APIRouter(tags=["auth"])


@router.post(
    "/auth/register",
    operation_id="miwavesRegisterClient",
    status_code=status.HTTP_201_CREATED,
    response_model=MiWavesToken,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def register_client(
    body: MiWavesCredentials, caller: AdminCaller, clients: ClientsDep, state: StateDep
) -> dict[str, Any]:
    """Register the MiWaves study's backend client (with an admin's token); it gets the role
    backend in the study MIWAVES_STUDY names, and its first token (MiWaves)."""
    roles = [(state.settings.miwaves_study, "backend")]
    await clients.create(caller.username, body.api_user, body.api_pass, roles)
    return {
        "status": "success",
        "message": "Successfully registered.",
        "auth_token": state.tokens.issue(body.api_user),
    }


@router.post(
    "/auth/login",
    operation_id="miwavesLogin",
    response_model=MiWavesToken,
    responses=errors_for(401, 413, 422, 429),
)
async def login(body: MiWavesCredentials, request: Request, state: StateDep) -> dict[str, Any]:
    """Log in; the token goes in `Authorization: Bearer <token>` (MiWaves)."""
    await check_password(state, request, body.api_user, body.api_pass)
    return {
        "status": "success",
        "message": "Successfully logged in.",
        "auth_token": state.tokens.issue(body.api_user),
    }


@router.post(
    "/auth/logout", operation_id="logout", response_model=Message, responses=errors_for(401)
)
async def logout(caller: AnyCaller, state: StateDep) -> dict[str, Any]:
    """Revoke the token sent with this request (MiWaves)."""
    await state.tokens.revoke(caller)
    return {"status": "success", "message": "Successfully logged out."}


@router.post(
    "/v1/tokens",
    operation_id="createToken",
    response_model=AccessToken,
    responses=errors_for(401, 413, 422, 429),
)
async def create_token(body: LoginIn, request: Request, state: StateDep) -> dict[str, Any]:
    """Exchange a username and password for an access token."""
    await check_password(state, request, body.username, body.password)
    return {
        "status": "success",
        "access_token": state.tokens.issue(body.username),
        "token_type": "bearer",
        "expires_in": state.settings.jwt_ttl_seconds,
    }


async def check_password(
    state: GatewayState, request: Request, username: str, password: str
) -> None:
    """The password check, behind the login rate limits (gateway.login_limits)."""
    check = partial(state.clients.authenticate, username, password)
    address = caller_address(request, state.settings.trusted_proxies)
    await state.logins.authenticate(username, address, check)
