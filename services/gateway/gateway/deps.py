"""Dependency aliases for routes: `scope: Backend`, `studies: StudiesDep`, ...

Who may call a route is its dependency: `Backend`, `Analyst`, `Operator` (a role in the path's
study), `MiWavesBackend`/`JustInBackend` (the backend's own study), `AdminCaller` (a deployment
admin), `AnyCaller` (any valid token). docs/design.md, "Security model", has the whole table.

Routes get narrow dependencies (a use case's, a study catalog, a query), all built once by
GatewayState; `StateDep` remains for the edge's own concerns (auth, health, the timeline)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from gateway.actions import ActionDeps
from gateway.auth import Caller
from gateway.clients import ClientAdmin
from gateway.controls import ControlDeps
from gateway.daily import ByStateDeps, DailyDeps
from gateway.distribution import DistributionDeps
from gateway.errors import ApiError
from gateway.http_metrics import STUDY_KEY
from gateway.inputs import Id
from gateway.learning import LearningDeps
from gateway.notification_times import TimesDeps
from gateway.participants import StaffDeps
from gateway.pilot import PilotDeps
from gateway.simulations import SimulationDeps
from gateway.state import GatewayState
from gateway.studies import Studies
from gateway.study_health import HealthDeps
from rladapters.access import AccessStore
from rladapters.exclusions import ExclusionStore
from rladapters.listings import Listings
from rladapters.participants import Participants
from rldomain.study import Study
from rlkernel.db.models import STUDY_ROLES
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
StaffDep = Annotated[StaffDeps, Depends(_from_state(lambda s: s.staff))]
ClientsDep = Annotated[ClientAdmin, Depends(_from_state(lambda s: s.clients))]
AccessDep = Annotated[AccessStore, Depends(_from_state(lambda s: s.access))]
DistributionDep = Annotated[DistributionDeps, Depends(_from_state(lambda s: s.distribution))]
ControlsDep = Annotated[ControlDeps, Depends(_from_state(lambda s: s.controls))]
ExclusionsDep = Annotated[ExclusionStore, Depends(_from_state(lambda s: s.exclusions))]
PilotDep = Annotated[PilotDeps, Depends(_from_state(lambda s: s.pilot))]
TimesDep = Annotated[TimesDeps, Depends(_from_state(lambda s: s.times))]
HealthDep = Annotated[HealthDeps, Depends(_from_state(lambda s: s.health))]
SimulationsDep = Annotated[SimulationDeps, Depends(_from_state(lambda s: s.simulations))]
DailyDep = Annotated[DailyDeps, Depends(_from_state(lambda s: s.daily))]
ByStateDep = Annotated[ByStateDeps, Depends(_from_state(lambda s: s.by_state))]


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


AnyCaller = Annotated[Caller, Depends(get_caller)]


async def get_admin(caller: AnyCaller) -> Caller:
    if not caller.admin:
        raise ApiError(403, "forbidden", "this needs a deployment admin")
    return caller


AdminCaller = Annotated[Caller, Depends(get_admin)]


@dataclass(frozen=True)
class InStudy:
    """A caller allowed into one study, and that study."""

    caller: Caller
    study: Study


def in_study(*roles: str) -> Callable[..., Awaitable[InStudy]]:
    """The caller must hold one of `roles` in the path's study: 403 otherwise, before looking
    the study up, so that a foreign client learns nothing about it."""

    async def check(study_id: Id, caller: AnyCaller, studies: StudiesDep) -> InStudy:
        if not caller.grants.may(study_id, *roles):
            raise ApiError(403, "forbidden", f"this needs the role {' or '.join(roles)} here")
        return InStudy(caller, studies.get(study_id))

    return check


def contract_study(configured: Callable[[Settings], str]) -> Callable[..., Awaitable[InStudy]]:
    """For the MiWaves and JustIn routes, whose paths name no study: the study where the caller
    is a backend; if it is the backend of several, the one the deployment configures for this
    contract (MIWAVES_STUDY, JUSTIN_STUDY)."""

    async def check(
        caller: AnyCaller, studies: StudiesDep, settings: SettingsDep, request: Request
    ) -> InStudy:
        mine = caller.grants.studies("backend")
        chosen = mine[0] if len(mine) == 1 else configured(settings)
        if chosen in mine:
            request.scope[STUDY_KEY] = chosen  # the study of its HTTP metrics
            return InStudy(caller, studies.get(chosen))
        if not mine:
            raise ApiError(403, "forbidden", "this needs the role backend in a study")
        raise ApiError(
            403,
            "study_ambiguous",
            "this client is the backend of several studies: use /v1/studies/{study_id}/...",
        )

    return check


Backend = Annotated[InStudy, Depends(in_study("backend"))]
Analyst = Annotated[InStudy, Depends(in_study("analyst"))]
Operator = Annotated[InStudy, Depends(in_study("operator"))]
AnalystOrOperator = Annotated[InStudy, Depends(in_study("analyst", "operator"))]
BackendOrOperator = Annotated[InStudy, Depends(in_study("backend", "operator"))]
Member = Annotated[InStudy, Depends(in_study(*STUDY_ROLES))]  # any role in the study
MiWavesBackend = Annotated[InStudy, Depends(contract_study(lambda s: s.miwaves_study))]
JustInBackend = Annotated[InStudy, Depends(contract_study(lambda s: s.justin_study))]
