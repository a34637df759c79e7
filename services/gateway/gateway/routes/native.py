"""The native, versioned API: /v1/studies/{study}/..."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, status

from gateway import participants, views
from gateway.actions import request_action
from gateway.deps import (
    ActionsDep,
    AnyCaller,
    Backend,
    Member,
    Operator,
    ParticipantsDep,
    StudiesDep,
)
from gateway.inputs import Id
from gateway.responses import Decision, ParticipantReply, StudyList, errors_for
from gateway.schemas import ActionIn, ParticipantIn, StatusChange

router = APIRouter(prefix="/v1/studies", tags=["studies"])


@router.get("", operation_id="listStudies", response_model=StudyList, responses=errors_for(401))
async def list_studies(caller: AnyCaller, studies: StudiesDep) -> dict[str, Any]:
    """The studies the caller holds a role in, with its roles there (an admin: every study)."""
    roles = caller.grants.roles
    return {
        "studies": [
            {
                "id": s.id,
                "name": s.name,
                "algorithm": s.algorithm["name"],
                "schedule": s.schedule.kind,
                "roles": sorted(roles.get(s.id, ())),
            }
            for s in studies
            if caller.admin or s.id in roles
        ]
    }


@router.post(
    "/{study_id}/participants",
    operation_id="registerParticipant",
    status_code=status.HTTP_201_CREATED,
    response_model=ParticipantReply,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def register_participant(
    body: ParticipantIn, scope: Backend, registry: ParticipantsDep
) -> dict[str, Any]:
    """Register a participant (baseline required for scheduled studies)."""
    view = await participants.register(registry, scope.study, body.participant_id, body.baseline)
    return {"status": "success", "participant": asdict(view)}


@router.get(
    "/{study_id}/participants/{participant_id}",
    operation_id="getParticipant",
    response_model=ParticipantReply,
    responses=errors_for(401, 403, 404, 422),
)
async def get_participant(
    participant_id: Id, scope: Member, registry: ParticipantsDep
) -> dict[str, Any]:
    """A participant and their life-cycle status."""
    view = await participants.find(registry, scope.study.id, participant_id)
    return {"status": "success", "participant": asdict(view)}


@router.post(
    "/{study_id}/participants/{participant_id}/status",
    operation_id="changeParticipantStatus",
    response_model=ParticipantReply,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def change_participant_status(
    participant_id: Id, body: StatusChange, scope: Operator, registry: ParticipantsDep
) -> dict[str, Any]:
    """End (after review) or withdraw a participant (operators; audited)."""
    view = await participants.change_status(
        registry, scope.study.id, participant_id, body.status, scope.caller.username
    )
    return {"status": "success", "participant": asdict(view)}


@router.post(
    "/{study_id}/actions",
    operation_id="requestAction",
    response_model=Decision,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def act(body: ActionIn, scope: Backend, actions: ActionsDep) -> dict[str, Any]:
    """The decision for the participant's current slot: made once, the same on every retry.

    `context` holds the fields the study's file declares, each checked (the body below lists
    every study's shape, with an example each); scheduled studies take the slot from the time,
    the others name it in `decision_index`."""
    decision = await request_action(
        actions, scope.study, body.participant_id, body.context, body.decision_index
    )
    return views.native(decision, scope.study)
