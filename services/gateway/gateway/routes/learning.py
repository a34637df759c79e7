"""Native routes of the learning path: windows, uploaded data, updates, policies, failures
(the dead letters have their own routes: routes/dead_letters.py)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

from gateway import learning, views
from gateway.deps import (
    ClientCaller,
    LearningDep,
    ListingsDep,
    ReaderCaller,
    StudiesDep,
)
from gateway.inputs import DecisionIndex, Id
from gateway.schemas import UpdateIn, UploadData, WindowClose

router = APIRouter(prefix="/v1", tags=["learning"])


@router.post(
    "/studies/{study_id}/participants/{participant_id}/windows/close",
    status_code=status.HTTP_202_ACCEPTED,
)
async def close_window(
    study_id: Id,
    participant_id: Id,
    body: WindowClose,
    _: ClientCaller,
    studies: StudiesDep,
    deps: LearningDep,
) -> dict[str, Any]:
    """Say a decision window closed: its EMA data will be pulled from the study backend."""
    study = studies.get(study_id)
    event = await learning.close_window(deps, study, participant_id, body.decision_index)
    return {"status": "accepted", "decision_index": event.decision_index}


@router.post(
    "/studies/{study_id}/participants/{participant_id}/decisions/{decision_index}/data",
    status_code=status.HTTP_202_ACCEPTED,
)
async def upload(
    study_id: Id,
    participant_id: Id,
    decision_index: DecisionIndex,
    body: UploadData,
    _: ClientCaller,
    studies: StudiesDep,
    deps: LearningDep,
) -> dict[str, Any]:
    """Upload the outcome of one decision directly (no pull)."""
    study = studies.get(study_id)
    record = body.model_dump(mode="json")
    await learning.upload(deps, study, participant_id, decision_index, record)
    return {"status": "accepted"}


@router.get("/studies/{study_id}/windows/failed")
async def failed_windows(
    study_id: Id, _: ReaderCaller, studies: StudiesDep, deps: LearningDep
) -> dict[str, Any]:
    """Windows whose data could not be pulled or checked, with the reason."""
    failed = await deps.failed_windows.of_study(studies.get(study_id).id)
    return {"windows": [views.failed_window(w) for w in failed]}


@router.post("/studies/{study_id}/windows/failed/retry")
async def retry_failed(
    study_id: Id, _: ClientCaller, studies: StudiesDep, deps: LearningDep
) -> dict[str, Any]:
    """Pull every failed window again."""
    return {
        "status": "accepted",
        "windows": await learning.repull_failed(deps, studies.get(study_id)),
    }


@router.post("/studies/{study_id}/updates", status_code=status.HTTP_202_ACCEPTED)
async def request_update(
    study_id: Id, body: UpdateIn, _: ClientCaller, studies: StudiesDep, deps: LearningDep
) -> dict[str, Any]:
    """Ask the trainer for a policy update now; poll its status or wait for the callback."""
    callback = str(body.callback_url) if body.callback_url else None
    event = await learning.request_update(deps, studies.get(study_id), callback, body.timestamp)
    return {"status": "processing", "update_id": str(event.update_id)}


@router.get("/updates/{update_id}")
async def update_status(update_id: uuid.UUID, _: ReaderCaller, deps: LearningDep) -> dict[str, Any]:
    """Where an update request is: processing, succeeded (with its policy version) or failed."""
    return views.update_request(await learning.update_status(deps, update_id))


@router.get("/studies/{study_id}/policies")
async def policies(
    study_id: Id, _: ReaderCaller, studies: StudiesDep, listings: ListingsDep
) -> dict[str, Any]:
    """Every policy version of the study, newest first (parameters omitted)."""
    versions = await listings.policies(studies.get(study_id).id)
    return {"policies": [views.policy(p) for p in versions]}
