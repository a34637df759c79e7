"""Drop-in routes for clients written against the MiWaves RL service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from gateway import learning, participants, views
from gateway.actions import request_action, two_actions
from gateway.deps import (
    ActionsDep,
    LearningDep,
    MiWavesBackend,
    ParticipantsDep,
)
from gateway.responses import MiWavesDecision, MiWavesRegistered, WindowEnded, errors_for
from gateway.schemas import Baseline, MiWavesAction, MiWavesRegister, MiWavesWindow

router = APIRouter(tags=["MiWaves compatible"])


@router.post(
    "/register",
    operation_id="miwavesRegister",
    response_model=MiWavesRegistered,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def register(
    body: MiWavesRegister,
    scope: MiWavesBackend,
    registry: ParticipantsDep,
) -> dict[str, Any]:
    """Register a participant with their baseline (MiWaves)."""
    study = scope.study
    baseline = Baseline.model_validate(body.model_dump(exclude={"user_id"}))
    await participants.register(registry, study, body.user_id, baseline)
    return {"status": "success", "message": "User registered.", "user_id": body.user_id}


@router.post(
    "/actions",
    operation_id="miwavesActions",
    response_model=MiWavesDecision,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def actions(
    body: MiWavesAction,
    scope: MiWavesBackend,
    deps: ActionsDep,
) -> dict[str, Any]:
    """The action for the participant's current decision window (MiWaves)."""
    study = two_actions(scope.study)
    decision = await request_action(deps, study, body.user_id, body.model_dump(exclude={"user_id"}))
    return views.miwaves(decision)


@router.post(
    "/end_decision_window",
    operation_id="miwavesEndDecisionWindow",
    response_model=WindowEnded,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def end_decision_window(
    body: MiWavesWindow,
    scope: MiWavesBackend,
    deps: LearningDep,
) -> dict[str, Any]:
    """Signal that the participant's decision window ended: its EMA data is pulled (MiWaves)."""
    study = scope.study
    event = await learning.close_window(deps, study, body.user_id)
    return {
        "status": "success",
        "message": "Data fetch scheduled.",
        "decision_index": event.decision_index,
    }
