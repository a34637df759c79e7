"""Use cases of the learning path at the edge: close a window, upload data, ask for an update."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from gateway import participants
from gateway.errors import ApiError
from gateway.state import GatewayState
from rldomain.schedule import decision_index_at, window_bounds
from rldomain.study import Study
from rlkernel.db.models import UpdateRequest, WindowRecord
from rlkernel.events import DataUploaded, UpdateRequested, WindowClosed


async def close_window(
    state: GatewayState, study: Study, participant_id: str, index: int | None = None
) -> WindowClosed:
    """The window that has just closed (the one before the current), or an earlier one named by
    index. Repeating the call is harmless: ingest pulls each window once."""
    if study.schedule.kind != "twice_daily" or study.ema_endpoint is None:
        raise ApiError(409, "no_windows", f"study {study.id} does not pull data by window")
    p = await participants.get(
        state.sessions, state.redis, state.settings.rls_namespace, study.id, participant_id
    )
    assert p.rl_start_date is not None
    tz = ZoneInfo(study.timezone)
    morning = p.baseline["morning_notification_time_start"]
    evening = p.baseline["evening_notification_time_start"]
    current = decision_index_at(state.clock.now(), p.rl_start_date, morning, evening, tz)
    last = (study.schedule.decisions_per_participant or current + 1) - 1
    closed = min(current - 1, last) if index is None else index
    if closed < 0 or closed >= current:
        raise ApiError(409, "window_not_closed", f"decision window {closed} has not closed yet")
    w = window_bounds(p.rl_start_date, closed, morning, evening, tz)
    event = WindowClosed(
        study_id=study.id,
        participant_id=participant_id,
        decision_index=closed,
        start_time=w.start,
        end_time=w.end,
    )
    await state.publisher.publish(event)
    return event


async def upload(
    state: GatewayState, study: Study, participant_id: str, index: int, record: dict[str, Any]
) -> DataUploaded:
    await participants.get(
        state.sessions, state.redis, state.settings.rls_namespace, study.id, participant_id
    )
    event = DataUploaded(
        study_id=study.id, participant_id=participant_id, decision_index=index, record=record
    )
    await state.publisher.publish(event)
    return event


async def request_update(
    state: GatewayState, study: Study, callback_url: str | None, requested_at: datetime | None
) -> UpdateRequested:
    event = UpdateRequested(
        update_id=uuid.uuid4(),
        study_id=study.id,
        requested_at=requested_at or state.clock.now(),
        callback_url=callback_url,
    )

    def insert_request() -> None:
        with state.sessions.begin() as session:
            session.execute(
                insert(UpdateRequest).values(
                    update_id=event.update_id,
                    study_id=study.id,
                    requested_at=event.requested_at,
                    callback_url=callback_url,
                    status="processing",
                )
            )

    await asyncio.to_thread(insert_request)
    await state.publisher.publish(event)
    return event


async def update_status(state: GatewayState, update_id: uuid.UUID) -> dict[str, Any]:
    def load() -> UpdateRequest | None:
        with state.sessions() as session:
            return session.get(UpdateRequest, update_id)

    row = await asyncio.to_thread(load)
    if row is None:
        raise ApiError(404, "update_not_found", f"no update {update_id}")
    return {
        "status": row.status,
        "update_id": str(row.update_id),
        "study_id": row.study_id,
        "policy_version": row.policy_version,
        "reason": row.reason,
        "callback_status": row.callback_status,
        "requested_at": row.requested_at.isoformat(),
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
    }


async def failed_windows(state: GatewayState, study: Study) -> list[dict[str, Any]]:
    def load() -> list[WindowRecord]:
        with state.sessions() as session:
            return list(
                session.scalars(
                    select(WindowRecord)
                    .where(WindowRecord.study_id == study.id, WindowRecord.status == "failed")
                    .order_by(WindowRecord.updated_at)
                )
            )

    return [
        {
            "participant_id": w.participant_id,
            "decision_index": w.decision_index,
            "reason": w.reason,
            "attempts": w.attempts,
            "updated_at": w.updated_at.isoformat(),
        }
        for w in await asyncio.to_thread(load)
    ]


async def repull_failed(state: GatewayState, study: Study) -> int:
    """Publishes every failed window again; ingest pulls it anew (records stored once)."""

    def claim() -> list[WindowRecord]:
        with state.sessions.begin() as session:
            rows = list(
                session.scalars(
                    select(WindowRecord)
                    .where(WindowRecord.study_id == study.id, WindowRecord.status == "failed")
                    .with_for_update()
                )
            )
            session.execute(
                update(WindowRecord)
                .where(WindowRecord.study_id == study.id, WindowRecord.status == "failed")
                .values(status="pending")
            )
            return rows

    rows = await asyncio.to_thread(claim)
    for w in rows:
        await state.publisher.publish(
            WindowClosed(
                study_id=w.study_id,
                participant_id=w.participant_id,
                decision_index=w.decision_index,
                start_time=w.start_time,
                end_time=w.end_time,
            )
        )
    return len(rows)
