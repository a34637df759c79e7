"""Drop-in routes for clients written against the JustIn RL API template."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

from gateway import learning, participants, views
from gateway.actions import request_action
from gateway.deps import ClientCaller, StateDep
from gateway.errors import ApiError
from gateway.schemas import JustInAction, JustInUpload, JustInUser, UpdateIn

router = APIRouter(prefix="/api/v1", tags=["JustIn compatible"])


@router.post("/add_user", status_code=status.HTTP_201_CREATED)
async def add_user(body: JustInUser, _: ClientCaller, state: StateDep) -> dict[str, Any]:
    """Add a user; 400 if the id exists (JustIn)."""
    study = state.study(state.settings.justin_study)
    try:
        await participants.register(state.sessions, study, body.user_id, None)
    except ApiError as exc:
        if exc.code == "participant_exists":
            raise ApiError(400, exc.code, "User already exists.") from None
        raise
    return {"message": "User added successfully.", "status": "success", "user_id": body.user_id}


@router.post("/action")
async def action(body: JustInAction, _: ClientCaller, state: StateDep) -> dict[str, Any]:
    """An action for the user's decision index and context; 404 for an unknown user (JustIn)."""
    study = state.study(state.settings.justin_study)
    decision = await request_action(state, study, body.user_id, body.context, body.decision_idx)
    return views.justin(decision)


@router.post("/upload_data")
async def upload_data(body: JustInUpload, _: ClientCaller, state: StateDep) -> dict[str, Any]:
    """Upload a decision's outcome; 404 for an unknown user (JustIn)."""
    study = state.study(state.settings.justin_study)
    await learning.upload(
        state, study, body.user_id, body.decision_idx, body.data.model_dump(mode="json")
    )
    return {"message": "Data uploaded successfully.", "status": "success"}


@router.post("/update", status_code=status.HTTP_202_ACCEPTED)
async def update(body: UpdateIn, _: ClientCaller, state: StateDep) -> dict[str, Any]:
    """Ask for a model update; the result is POSTed to callback_url when done (JustIn)."""
    study = state.study(state.settings.justin_study)
    event = await learning.request_update(
        state, study, str(body.callback_url) if body.callback_url else None, body.timestamp
    )
    return {"status": "processing", "update_id": str(event.update_id)}


@router.get("/update/{update_id}")
async def update_status(update_id: uuid.UUID, _: ClientCaller, state: StateDep) -> dict[str, Any]:
    """The update's status: processing, succeeded or failed."""
    return await learning.update_status(state, update_id)
