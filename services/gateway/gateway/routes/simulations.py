"""The sessions of `rlservice simulate` (SIMULATIONS_DIR), for the dashboard: listed, summed up,
their plots' series, and a running one's progress as server-sent events. Seen by an admin or a
caller with any role in the study the session simulated (gateway.simulations)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import StreamingResponse

from gateway import simulations
from gateway.deps import AnyCaller, SimulationsDep
from gateway.errors import ApiError
from gateway.responses import Simulation, SimulationPlots, Simulations, errors_for
from rladapters.simulation_sessions import SESSION_ID

router = APIRouter(prefix="/v1/simulations", tags=["simulations"])

MAX_SESSIONS = 100  # a page; SIMULATIONS_KEPT keeps few sessions anyway
SessionId = Annotated[
    str, Path(pattern=SESSION_ID.pattern, description="like 20260101-120000-ab12")
]
Limit = Annotated[int, Query(ge=1, le=MAX_SESSIONS, description="at most this many")]
Before = Annotated[
    str | None,
    Query(pattern=SESSION_ID.pattern, description="older than this session (next page)"),
]
STREAM: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
        "description": "`event: progress` (data: windows done, total, day, days, decisions) "
        "when it changes; `event: end` (data: reason finished | timeout | busy, the last "
        "progress) last; a `: heartbeat` comment line while nothing changes",
    }
}


@router.get(
    "",
    operation_id="listSimulations",
    response_model=Simulations,
    responses=errors_for(401, 422),
)
async def list_simulations(
    caller: AnyCaller, deps: SimulationsDep, limit: Limit = 20, before: Before = None
) -> dict[str, Any]:
    """The simulation sessions the caller may see, newest first, a page at a time."""
    return simulations.listed(deps, caller, limit, before)


@router.get(
    "/{session_id}",
    operation_id="getSimulation",
    response_model=Simulation,
    responses=errors_for(401, 403, 404, 422),
)
async def get_simulation(
    session_id: SessionId, caller: AnyCaller, deps: SimulationsDep
) -> dict[str, Any]:
    """Whether it runs, its last progress, and its results once it has finished."""
    return simulations.summary(simulations.folder_for(deps, caller, session_id))


@router.get(
    "/{session_id}/plots",
    operation_id="getSimulationPlots",
    response_model=SimulationPlots,
    responses=errors_for(401, 403, 404, 422),
)
async def simulation_plots(
    session_id: SessionId, caller: AnyCaller, deps: SimulationsDep
) -> dict[str, Any]:
    """The series of its plots, by study day (none before the run has finished)."""
    return {"plots": simulations.plots(simulations.folder_for(deps, caller, session_id))}


@router.get(
    "/{session_id}/progress",
    operation_id="streamSimulationProgress",
    response_class=StreamingResponse,
    responses=STREAM | errors_for(401, 403, 404, 422, 429),
)
async def simulation_progress(
    session_id: SessionId, caller: AnyCaller, deps: SimulationsDep
) -> StreamingResponse:
    """Its progress as server-sent events until the run ends; an ended run's last progress at
    once. A stream lasts at most its lifetime and its token's; ask again after an `end` whose
    reason is `timeout`. Send the token as a header: read it with fetch, not EventSource."""
    folder = simulations.folder_for(deps, caller, session_id)
    if not simulations.may_stream(deps):
        raise ApiError(
            429, "too_many_streams", "too many progress streams open", {"Retry-After": "10"}
        )
    events = simulations.progress_events(deps, folder, until=caller.expires_at)
    # no-cache and no buffering: each event must reach the page when it is written.
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events, media_type="text/event-stream", headers=headers)
