"""The native, versioned API: /v1/studies/{study}/..."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, status

from gateway import participants, views
from gateway.actions import request_action
from gateway.deps import ActionsDep, ClientCaller, ParticipantsDep, ReaderCaller, StudiesDep
from gateway.inputs import Id
from gateway.schemas import ActionIn, ParticipantIn, StatusChange

router = APIRouter(prefix="/v1/studies", tags=["studies"])


@router.get("")
async def list_studies(_: ReaderCaller, studies: StudiesDep) -> dict[str, Any]:
    """The studies this deployment serves."""
    return {
        "studies": [
            {
                "id": s.id,
                "name": s.name,
                "algorithm": s.algorithm["name"],
                "schedule": s.schedule.kind,
            }
            for s in studies
        ]
    }


@router.post("/{study_id}/participants", status_code=status.HTTP_201_CREATED)
async def register_participant(
    study_id: Id,
    body: ParticipantIn,
    _: ClientCaller,
    studies: StudiesDep,
    registry: ParticipantsDep,
) -> dict[str, Any]:
    """Register a participant (baseline required for scheduled studies)."""
    view = await participants.register(
        registry, studies.get(study_id), body.participant_id, body.baseline
    )
    return {"status": "success", "participant": asdict(view)}


@router.get("/{study_id}/participants/{participant_id}")
async def get_participant(
    study_id: Id,
    participant_id: Id,
    _: ReaderCaller,
    studies: StudiesDep,
    registry: ParticipantsDep,
) -> dict[str, Any]:
    """A participant and their life-cycle status."""
    view = await participants.find(registry, studies.get(study_id).id, participant_id)
    return {"status": "success", "participant": asdict(view)}


@router.post("/{study_id}/participants/{participant_id}/status")
async def change_participant_status(
    study_id: Id,
    participant_id: Id,
    body: StatusChange,
    _: ClientCaller,
    studies: StudiesDep,
    registry: ParticipantsDep,
) -> dict[str, Any]:
    """End (after review) or withdraw a participant."""
    view = await participants.change_status(
        registry, studies.get(study_id).id, participant_id, body.status
    )
    return {"status": "success", "participant": asdict(view)}


@router.post("/{study_id}/actions")
async def act(
    study_id: Id, body: ActionIn, _: ClientCaller, studies: StudiesDep, actions: ActionsDep
) -> dict[str, Any]:
    """The decision for the participant's current slot: made once, the same on every retry."""
    decision = await request_action(
        actions, studies.get(study_id), body.participant_id, body.context, body.decision_index
    )
    return views.native(decision)
