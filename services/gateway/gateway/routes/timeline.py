"""The one read route onto the audit tools: a participant's timeline, for the trial's analysts."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter

from gateway.deps import Analyst, StateDep
from gateway.inputs import Id
from gateway.responses import Timeline, errors_for
from rlaudit.timeline import timeline
from rldomain.errors import NotFound

router = APIRouter(prefix="/v1", tags=["learning"])


@router.get(
    "/studies/{study_id}/participants/{participant_id}/timeline",
    operation_id="getParticipantTimeline",
    response_model=Timeline,
    responses=errors_for(401, 403, 404, 422),
)
async def participant_timeline(
    participant_id: Id, scope: Analyst, state: StateDep
) -> dict[str, Any]:
    """Every request, decision, EMA record, reward and policy version of one participant, in
    order (the study's analysts)."""
    study = scope.study

    def load() -> list[dict[str, Any]] | None:
        with state.sessions() as session:
            return timeline(session, study.id, participant_id)

    events = await asyncio.to_thread(load)
    if events is None:
        raise NotFound(
            "participant_not_found", f"no participant {participant_id} in study {study.id}"
        )
    return {"study_id": study.id, "participant_id": participant_id, "events": events}
