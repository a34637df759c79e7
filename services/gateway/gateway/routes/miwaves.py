"""Drop-in routes for clients written against the MiWaves RL service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from gateway import learning, participants, views
from gateway.actions import request_action
from gateway.deps import (
    ActionsDep,
    ClientCaller,
    LearningDep,
    ParticipantsDep,
    SettingsDep,
    StudiesDep,
)
from gateway.schemas import Baseline, MiWavesAction, MiWavesRegister, MiWavesWindow

router = APIRouter(tags=["MiWaves compatible"])


@router.post("/register")
async def register(
    body: MiWavesRegister,
    _: ClientCaller,
    settings: SettingsDep,
    studies: StudiesDep,
    registry: ParticipantsDep,
) -> dict[str, Any]:
    """Register a participant with their baseline (MiWaves)."""
    study = studies.get(settings.miwaves_study)
    baseline = Baseline.model_validate(body.model_dump(exclude={"user_id"}))
    await participants.register(registry, study, body.user_id, baseline)
    return {"status": "success", "message": "User registered.", "user_id": body.user_id}


@router.post("/actions")
async def actions(
    body: MiWavesAction,
    _: ClientCaller,
    settings: SettingsDep,
    studies: StudiesDep,
    deps: ActionsDep,
) -> dict[str, Any]:
    """The action for the participant's current decision window (MiWaves)."""
    study = studies.get(settings.miwaves_study)
    decision = await request_action(deps, study, body.user_id, body.model_dump(exclude={"user_id"}))
    return views.miwaves(decision)


@router.post("/end_decision_window")
async def end_decision_window(
    body: MiWavesWindow,
    _: ClientCaller,
    settings: SettingsDep,
    studies: StudiesDep,
    deps: LearningDep,
) -> dict[str, Any]:
    """Signal that the participant's decision window ended: its EMA data is pulled (MiWaves)."""
    study = studies.get(settings.miwaves_study)
    event = await learning.close_window(deps, study, body.user_id)
    return {
        "status": "success",
        "message": "Data fetch scheduled.",
        "decision_index": event.decision_index,
    }
