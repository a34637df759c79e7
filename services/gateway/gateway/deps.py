"""Dependency aliases for routes: `state: StateDep`, `caller: ClientCaller`, ..."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from gateway.auth import Caller
from gateway.errors import ApiError
from gateway.state import GatewayState

_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <token>")


def get_state(request: Request) -> GatewayState:
    state: GatewayState = request.app.state.gateway
    return state


StateDep = Annotated[GatewayState, Depends(get_state)]


async def get_caller(
    state: StateDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Caller:
    if credentials is None:
        raise ApiError(401, "token_missing", "send 'Authorization: Bearer <token>'")
    return await state.tokens.verify(credentials.credentials)


def require(*roles: str) -> object:
    async def check(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
        if caller.role not in roles:
            raise ApiError(403, "forbidden", f"this needs one of the roles: {', '.join(roles)}")
        return caller

    return Depends(check)


AnyCaller = Annotated[Caller, Depends(get_caller)]
ClientCaller = Annotated[Caller, require("client", "admin")]
AdminCaller = Annotated[Caller, require("admin")]
ReaderCaller = Annotated[Caller, require("client", "admin", "analyst")]
# Participants' full records (answers included) are for the trial's analysts, not its backends.
AnalystCaller = Annotated[Caller, require("admin", "analyst")]
