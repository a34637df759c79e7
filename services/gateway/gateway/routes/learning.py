"""Native routes of the learning path: windows, uploaded data, updates, policies, failures."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from fastapi import APIRouter, status
from sqlalchemy import select

from gateway import learning
from gateway.deps import AdminCaller, ClientCaller, ReaderCaller, StateDep
from gateway.schemas import UpdateIn, UploadData, WindowClose
from rlkernel.db.models import DeadLetter, PolicyVersion

router = APIRouter(prefix="/v1", tags=["learning"])


@router.post(
    "/studies/{study_id}/participants/{participant_id}/windows/close",
    status_code=status.HTTP_202_ACCEPTED,
)
async def close_window(
    study_id: str, participant_id: str, body: WindowClose, _: ClientCaller, state: StateDep
) -> dict[str, Any]:
    """Say a decision window closed: its EMA data will be pulled from the study backend."""
    event = await learning.close_window(
        state, state.study(study_id), participant_id, body.decision_index
    )
    return {"status": "accepted", "decision_index": event.decision_index}


@router.post(
    "/studies/{study_id}/participants/{participant_id}/decisions/{decision_index}/data",
    status_code=status.HTTP_202_ACCEPTED,
)
async def upload(
    study_id: str,
    participant_id: str,
    decision_index: int,
    body: UploadData,
    _: ClientCaller,
    state: StateDep,
) -> dict[str, Any]:
    """Upload the outcome of one decision directly (no pull)."""
    await learning.upload(
        state, state.study(study_id), participant_id, decision_index, body.model_dump(mode="json")
    )
    return {"status": "accepted"}


@router.get("/studies/{study_id}/windows/failed")
async def failed_windows(study_id: str, _: ReaderCaller, state: StateDep) -> dict[str, Any]:
    """Windows whose data could not be pulled or checked, with the reason."""
    return {"windows": await learning.failed_windows(state, state.study(study_id))}


@router.post("/studies/{study_id}/windows/failed/retry")
async def retry_failed(study_id: str, _: ClientCaller, state: StateDep) -> dict[str, Any]:
    """Pull every failed window again."""
    return {
        "status": "accepted",
        "windows": await learning.repull_failed(state, state.study(study_id)),
    }


@router.post("/studies/{study_id}/updates", status_code=status.HTTP_202_ACCEPTED)
async def request_update(
    study_id: str, body: UpdateIn, _: ClientCaller, state: StateDep
) -> dict[str, Any]:
    """Ask the trainer for a policy update now; poll its status or wait for the callback."""
    event = await learning.request_update(
        state,
        state.study(study_id),
        str(body.callback_url) if body.callback_url else None,
        body.timestamp,
    )
    return {"status": "processing", "update_id": str(event.update_id)}


@router.get("/updates/{update_id}")
async def update_status(update_id: uuid.UUID, _: ReaderCaller, state: StateDep) -> dict[str, Any]:
    """Where an update request is: processing, succeeded (with its policy version) or failed."""
    return await learning.update_status(state, update_id)


@router.get("/studies/{study_id}/policies")
async def policies(study_id: str, _: ReaderCaller, state: StateDep) -> dict[str, Any]:
    """Every policy version of the study, newest first (parameters omitted)."""
    study = state.study(study_id)

    def load() -> list[PolicyVersion]:
        with state.sessions() as session:
            return list(
                session.scalars(
                    select(PolicyVersion)
                    .where(PolicyVersion.study_id == study.id)
                    .order_by(PolicyVersion.version.desc())
                )
            )

    return {
        "policies": [
            {
                "version": p.version,
                "parent_version": p.parent_version,
                "algorithm": p.algorithm,
                "hyperparameters": p.hyperparameters,
                "fit_on": p.fit_on,
                "code_version": p.code_version,
                "created_at": p.created_at.isoformat(),
            }
            for p in await asyncio.to_thread(load)
        ]
    }


@router.get("/dead-letters")
async def dead_letters(_: AdminCaller, state: StateDep, limit: int = 100) -> dict[str, Any]:
    """Failures that retrying could not fix, newest first: nothing vanishes silently."""

    def load() -> list[DeadLetter]:
        with state.sessions() as session:
            return list(
                session.scalars(
                    select(DeadLetter).order_by(DeadLetter.id.desc()).limit(min(limit, 1000))
                )
            )

    return {
        "dead_letters": [
            {
                "event_id": str(d.event_id),
                "service": d.service,
                "source_topic": d.source_topic,
                "reason": d.reason,
                "key": d.key,
                "created_at": d.created_at.isoformat(),
            }
            for d in await asyncio.to_thread(load)
        ]
    }
