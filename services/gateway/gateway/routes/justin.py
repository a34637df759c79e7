"""Drop-in routes for clients written against the JustIn RL API template."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status

from gateway import participants, views
from gateway.actions import request_action
from gateway.deps import ClientCaller, StateDep
from gateway.errors import ApiError
from gateway.schemas import JustInAction, JustInUser

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
