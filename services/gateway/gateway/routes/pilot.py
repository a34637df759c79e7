"""A study's phase (deployment admins): mark a pilot live, for good, or reset a pilot's data.

Both are admin work, not a study role's: a reset deletes what the study's own staff recorded,
and going live is the decision that from then on nothing may be deleted."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from gateway import pilot
from gateway.deps import AdminCaller, PilotDep, StudiesDep
from gateway.inputs import Id
from gateway.responses import StudyLive, StudyReset, errors_for
from gateway.schemas import ResetIn

router = APIRouter(prefix="/v1/studies/{study_id}", tags=["studies"])


@router.post(
    "/live",
    operation_id="markStudyLive",
    response_model=StudyLive,
    responses=errors_for(401, 403, 404, 409, 422),
)
async def mark_live(
    study_id: Id, caller: AdminCaller, studies: StudiesDep, deps: PilotDep
) -> dict[str, Any]:
    """The pilot is over: from now on the study's data can no longer be reset. Irreversible
    (409 `study_live` if it is live already); audited and announced (StudyControlChanged)."""
    return await pilot.mark_live(deps, studies.get(study_id), caller.username)


@router.post(
    "/reset",
    operation_id="resetPilotStudy",
    response_model=StudyReset,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def reset(
    study_id: Id, body: ResetIn, caller: AdminCaller, studies: StudiesDep, deps: PilotDep
) -> dict[str, Any]:
    """Delete a pilot study's data: participants, decisions, windows, observations, policy
    versions (back to version 1 from the priors), controls, exclusions, dead letters, update
    requests and their caches, in one transaction; `confirm` must be the study's id again
    (else 422). Refused once the study is live (409 `study_live`). The audit log keeps the
    reset (who, when, rows deleted); replay leaves out the decisions made before it."""
    return await pilot.reset(deps, studies.get(study_id), caller.username, body.confirm)
