"""Dependency aliases for routes: `caller: ClientCaller`, `studies: StudiesDep`, ...

Routes get narrow dependencies (a use case's, a study catalog, a query), all built once by
GatewayState; `StateDep` remains for the edge's own concerns (auth, health, the timeline)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from gateway.actions import ActionDeps
from gateway.auth import Caller
from gateway.errors import ApiError
from gateway.learning import LearningDeps
from gateway.state import GatewayState
from gateway.studies import Studies
from rladapters.listings import Listings
from rladapters.participants import Participants
from rlkernel.settings import Settings

T = TypeVar("T")
_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <token>")


# Every getter is `async def`: FastAPI runs a plain `def` dependency in a worker thread, a
# thread hand-off per dependency per request that cost more than the whole action use case.
async def get_state(request: Request) -> GatewayState:
    state: GatewayState = request.app.state.gateway
    return state


def _from_state(part: Callable[[GatewayState], T]) -> Callable[[Request], Awaitable[T]]:
    async def get(request: Request) -> T:
        return part(request.app.state.gateway)

    return get


StateDep = Annotated[GatewayState, Depends(get_state)]
SettingsDep = Annotated[Settings, Depends(_from_state(lambda s: s.settings))]
StudiesDep = Annotated[Studies, Depends(_from_state(lambda s: s.studies))]
ParticipantsDep = Annotated[Participants, Depends(_from_state(lambda s: s.participants))]
ActionsDep = Annotated[ActionDeps, Depends(_from_state(lambda s: s.actions))]
LearningDep = Annotated[LearningDeps, Depends(_from_state(lambda s: s.learning))]
ListingsDep = Annotated[Listings, Depends(_from_state(lambda s: s.listings))]


async def get_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str | None:
    """The bearer token sent, if any. Tokens are ASCII: a header Starlette decoded to anything
    else is refused here, before comparing it (hmac cannot compare non-ASCII text)."""
    if credentials is None:
        return None
    if not credentials.credentials.isascii():
        raise ApiError(401, "token_invalid", "the token is not valid")
    return credentials.credentials


TokenDep = Annotated[str | None, Depends(get_token)]


async def get_caller(state: StateDep, token: TokenDep) -> Caller:
    if token is None:
        raise ApiError(401, "token_missing", "send 'Authorization: Bearer <token>'")
    return await state.tokens.verify(token)


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
