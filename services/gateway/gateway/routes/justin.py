"""Drop-in routes for clients written against the JustIn RL API template."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

from gateway import learning, participants, views
from gateway.actions import request_action, two_actions
from gateway.deps import (
    ActionsDep,
    AnyCaller,
    JustInBackend,
    LearningDep,
    ParticipantsDep,
)
from gateway.errors import ApiError
from gateway.responses import (
    JustInDecision,
    JustInUploaded,
    JustInUserAdded,
    UpdateAccepted,
    UpdateStatus,
    errors_for,
)
from gateway.schemas import JustInAction, JustInUpload, JustInUser, UpdateIn
from rldomain.errors import Conflict

router = APIRouter(prefix="/api/v1", tags=["JustIn compatible"])


@router.post(
    "/add_user",
    operation_id="justinAddUser",
    status_code=status.HTTP_201_CREATED,
    response_model=JustInUserAdded,
    responses=errors_for(400, 401, 403, 404, 413, 422),
)
async def add_user(
    body: JustInUser,
    scope: JustInBackend,
    registry: ParticipantsDep,
) -> dict[str, Any]:
    """Add a user; 400 if the id exists (JustIn)."""
    study = scope.study
    try:
        await participants.register(registry, study, body.user_id, None)
    except Conflict as exc:
        if exc.code == "participant_exists":  # JustIn's contract says 400, in its words
            raise ApiError(400, exc.code, "User already exists.") from None
        raise
    return {"message": "User added successfully.", "status": "success", "user_id": body.user_id}


@router.post(
    "/action",
    operation_id="justinAction",
    status_code=status.HTTP_201_CREATED,  # as the JustIn template answers
    response_model=JustInDecision,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def action(
    body: JustInAction,
    scope: JustInBackend,
    deps: ActionsDep,
) -> dict[str, Any]:
    """An action for the user's decision index and context; 404 for an unknown user (JustIn)."""
    study = two_actions(scope.study)
    decision = await request_action(deps, study, body.user_id, body.context, body.decision_idx)
    return views.justin(decision)


@router.post(
    "/upload_data",
    operation_id="justinUploadData",
    status_code=status.HTTP_201_CREATED,  # as the JustIn template answers
    response_model=JustInUploaded,
    responses=errors_for(401, 403, 404, 413, 422),
)
async def upload_data(
    body: JustInUpload,
    scope: JustInBackend,
    deps: LearningDep,
) -> dict[str, Any]:
    """Upload a decision's outcome; 404 for an unknown user (JustIn)."""
    study = scope.study
    record = body.data.model_dump(mode="json")
    await learning.upload(deps, study, body.user_id, body.decision_idx, record)
    return {"message": "Data uploaded successfully.", "status": "success"}


@router.post(
    "/update",
    operation_id="justinRequestUpdate",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=UpdateAccepted,
    responses=errors_for(401, 403, 404, 413, 422),
)
async def update(
    body: UpdateIn,
    scope: JustInBackend,
    deps: LearningDep,
) -> dict[str, Any]:
    """Ask for a model update; the result is POSTed to callback_url when done (JustIn)."""
    study = scope.study
    callback = str(body.callback_url) if body.callback_url else None
    event = await learning.request_update(deps, study, callback, body.timestamp)
    return {"status": "processing", "update_id": str(event.update_id)}


@router.get(
    "/update/{update_id}",
    operation_id="justinGetUpdate",
    response_model=UpdateStatus,
    responses=errors_for(401, 403, 404, 422),
)
async def update_status(
    update_id: uuid.UUID, caller: AnyCaller, deps: LearningDep
) -> dict[str, Any]:
    """The update's status: processing, succeeded or failed (a role in its study)."""
    return views.update_request(await learning.update_status(deps, update_id, caller.grants))
