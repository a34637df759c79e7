"""The native, versioned API: /v1/studies/{study}/..."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from gateway import participants, views
from gateway.actions import request_action
from gateway.deps import (
    ActionsDep,
    AnalystOrOperator,
    AnyCaller,
    Backend,
    Member,
    Operator,
    ParticipantsDep,
    StaffDep,
    StudiesDep,
)
from gateway.inputs import Id
from gateway.responses import (
    Decision,
    ParticipantPage,
    ParticipantReply,
    Status,
    StatusHistory,
    StudyList,
    errors_for,
)
from gateway.schemas import ActionIn, ParticipantIn, StatusChange
from rladapters.participant_history import MAX_PAGE, ParticipantFilter
from rldomain.lifecycle import TRANSITIONS

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
    return {"status": "success", "participant": views.participant(view)}


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
    return {"status": "success", "participant": views.participant(view)}


@router.post(
    "/{study_id}/participants/{participant_id}/status",
    operation_id="changeParticipantStatus",
    response_model=ParticipantReply,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def change_participant_status(
    participant_id: Id, body: StatusChange, scope: Operator, staff: StaffDep
) -> dict[str, Any]:
    """End a participant after review, with the review's `note` (required), or withdraw them
    (operators; audited, kept in the status history, published as ParticipantStatusChanged)."""
    view = await participants.change_status(
        staff, scope.study.id, participant_id, body.status, scope.caller.username, body.note
    )
    return {"status": "success", "participant": views.participant(view)}


StatusFilter = Annotated[
    list[Status] | None,
    Query(
        alias="status",
        max_length=len(TRANSITIONS),
        description="any of these statuses (repeat the key)",
    ),
]
Day = Annotated[date | None, Query(description="registered on or after/before this UTC day")]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE, description="at most this many")]
After = Annotated[Id | None, Query(description="the page after this participant id")]


@router.get(
    "/{study_id}/participants",
    operation_id="listParticipants",
    response_model=ParticipantPage,
    responses=errors_for(401, 403, 404, 422),
)
async def list_participants(
    scope: AnalystOrOperator,
    registry: ParticipantsDep,
    statuses: StatusFilter = None,
    registered_from: Day = None,
    registered_to: Day = None,
    limit: PageSize = 100,
    after: After = None,
) -> dict[str, Any]:
    """The study's participants by id, a page at a time, of the statuses and registration days
    asked (e.g. `status=COMPLETED_AWAITING_REVIEW`: the review queue)."""
    wanted = ParticipantFilter(
        statuses=tuple(statuses or ()),
        registered_from=registered_from,
        registered_to=registered_to,
        limit=limit,
        after=after,
    )
    page = await participants.listing(registry, scope.study.id, wanted)
    return {
        "participants": [views.participant_row(p) for p in page],
        "next_after": page[-1].participant_id if len(page) == limit else None,
    }


@router.get(
    "/{study_id}/participants/{participant_id}/history",
    operation_id="getParticipantHistory",
    response_model=StatusHistory,
    responses=errors_for(401, 403, 404, 422),
)
async def participant_history(
    participant_id: Id, scope: AnalystOrOperator, registry: ParticipantsDep
) -> dict[str, Any]:
    """Every change of the participant's status: when, by whom, from what to what, and the
    staff's note."""
    changes = await participants.history(registry, scope.study.id, participant_id)
    return {
        "study_id": scope.study.id,
        "participant_id": participant_id,
        "changes": [views.status_change(c) for c in changes],
    }


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
