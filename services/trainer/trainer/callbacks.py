"""Finishing an update request: record the outcome, then tell the caller's callback URL.

The outcome is committed first, so a callback that fails (and is retried) never undoes a good
update."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker
from tenacity import AsyncRetrying, stop_after_attempt, wait_exponential

from rlkernel.db.models import UpdateRequest
from rlkernel.events import UpdateRequested
from rlkernel.logs import get_logger

log = get_logger(__name__)


async def finish_request(
    sessions: sessionmaker[Session],
    http: httpx.AsyncClient,
    event: UpdateRequested,
    status: str,
    version: int | None,
    reason: str | None,
    attempts: int = 5,
) -> None:
    def save(**values: object) -> None:
        with sessions.begin() as session:
            session.execute(
                update(UpdateRequest)
                .where(UpdateRequest.update_id == event.update_id)
                .values(**values)
            )

    await asyncio.to_thread(
        save, status=status, policy_version=version, reason=reason, finished_at=datetime.now(UTC)
    )
    if not event.callback_url:
        return
    body = {
        "status": status,
        "update_id": str(event.update_id),
        "timestamp": datetime.now(UTC).isoformat(),
    }
    outcome = "delivered"
    try:
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(attempts),
            wait=wait_exponential(multiplier=0.5, max=10),
            reraise=True,
        ):
            with attempt:
                (await http.post(event.callback_url, json=body, timeout=10)).raise_for_status()
    except httpx.HTTPError as exc:
        outcome = f"failed: {type(exc).__name__}"
        log.warning("callback_failed", update_id=str(event.update_id), attempts=attempts)
    await asyncio.to_thread(save, callback_status=outcome[:40])
