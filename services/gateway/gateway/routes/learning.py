"""Native routes of the learning path: windows, uploaded data, updates, policies, failures
(the dead letters have their own routes: routes/dead_letters.py)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

from gateway import learning, views
from gateway.deps import (
    AccessDep,
    AnalystOrOperator,
    AnyCaller,
    Backend,
    BackendOrOperator,
    LearningDep,
    ListingsDep,
    Member,
    Operator,
)
from gateway.inputs import DecisionIndex, Id
from gateway.responses import (
    Accepted,
    FailedWindows,
    Policies,
    Repulled,
    UpdateAccepted,
    UpdateStatus,
    WindowAccepted,
    errors_for,
)
from gateway.schemas import UpdateIn, UploadData, WindowClose
from rladapters.access import Audit

router = APIRouter(prefix="/v1", tags=["learning"])


@router.post(
    "/studies/{study_id}/participants/{participant_id}/windows/close",
    operation_id="closeWindow",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=WindowAccepted,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def close_window(
    participant_id: Id, body: WindowClose, scope: Backend, deps: LearningDep
) -> dict[str, Any]:
    """Say a decision window closed: its EMA data will be pulled from the study backend."""
    event = await learning.close_window(deps, scope.study, participant_id, body.decision_index)
    return {"status": "accepted", "decision_index": event.decision_index}


@router.post(
    "/studies/{study_id}/participants/{participant_id}/decisions/{decision_index}/data",
    operation_id="uploadData",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Accepted,
    responses=errors_for(401, 403, 404, 413, 422),
)
async def upload(
    participant_id: Id,
    decision_index: DecisionIndex,
    body: UploadData,
    scope: Backend,
    deps: LearningDep,
) -> dict[str, Any]:
    """Upload the outcome of one decision directly (no pull)."""
    record = body.model_dump(mode="json")
    await learning.upload(deps, scope.study, participant_id, decision_index, record)
    return {"status": "accepted"}


@router.get(
    "/studies/{study_id}/windows/failed",
    operation_id="listFailedWindows",
    response_model=FailedWindows,
    responses=errors_for(401, 403, 404, 422),
)
async def failed_windows(scope: AnalystOrOperator, deps: LearningDep) -> dict[str, Any]:
    """Windows whose data could not be pulled or checked, with the reason."""
    failed = await deps.failed_windows.of_study(scope.study.id)
    return {"windows": [views.failed_window(w) for w in failed]}


@router.post(
    "/studies/{study_id}/windows/failed/retry",
    operation_id="retryFailedWindows",
    response_model=Repulled,
    responses=errors_for(401, 403, 404, 422),
)
async def retry_failed(scope: Operator, deps: LearningDep, access: AccessDep) -> dict[str, Any]:
    """Pull every failed window again (operators; audited)."""
    await access.record(Audit(scope.caller.username, "failed_windows_repulled", scope.study.id))
    return {"status": "accepted", "windows": await learning.repull_failed(deps, scope.study)}


@router.post(
    "/studies/{study_id}/updates",
    operation_id="requestUpdate",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=UpdateAccepted,
    responses=errors_for(401, 403, 404, 413, 422),
)
async def request_update(
    body: UpdateIn, scope: BackendOrOperator, deps: LearningDep, access: AccessDep
) -> dict[str, Any]:
    """Ask the trainer for a policy update now; poll its status or wait for the callback."""
    callback = str(body.callback_url) if body.callback_url else None
    event = await learning.request_update(deps, scope.study, callback, body.timestamp)
    audit = Audit(scope.caller.username, "update_requested", scope.study.id, str(event.update_id))
    await access.record(audit)
    return {"status": "processing", "update_id": str(event.update_id)}


@router.get(
    "/updates/{update_id}",
    operation_id="getUpdate",
    response_model=UpdateStatus,
    responses=errors_for(401, 403, 404, 422),
)
async def update_status(
    update_id: uuid.UUID, caller: AnyCaller, deps: LearningDep
) -> dict[str, Any]:
    """Where an update request is: processing, succeeded (with its policy version) or failed
    (a client holding any role in its study)."""
    return views.update_request(await learning.update_status(deps, update_id, caller.grants))


@router.get(
    "/studies/{study_id}/policies",
    operation_id="listPolicies",
    response_model=Policies,
    responses=errors_for(401, 403, 404, 422),
)
async def policies(scope: Member, listings: ListingsDep) -> dict[str, Any]:
    """Every policy version of the study, newest first (parameters omitted)."""
    versions = await listings.policies(scope.study.id)
    return {"policies": [views.policy(p) for p in versions]}
