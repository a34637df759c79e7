"""Driving a live run through its windows on the services' clock, then asking the gateway which
policy versions the trainer wrote."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from rlaudit.simulation.world import World

from .backend import LiveRun
from .clock import SteppedClock
from .miwaves_messages import EVENING, MORNING
from .progress import window_progress
from .resilient_http import AsyncResilientTransport, ResilientTransport, RetryPolicy
from .sandbox import Sandbox

# Requests go 30 virtual minutes into a window, so the previous window's data has had time to
# arrive before the decision that reads it.
INTO_WINDOW_MINUTES = 30
# What the backend may safely send twice: an action request for a slot (a repeat is answered
# with the same decision) and a window's close (ingest pulls each window once). Not a
# registration (a repeat is refused) nor an EMA record (a repeat is a second record).
RESENDABLE_POSTS = ("/actions", "/end_decision_window")


def backend_retries() -> RetryPolicy:
    return RetryPolicy(idempotent_posts=RESENDABLE_POSTS)


async def play(run: LiveRun, days: int, clock: SteppedClock, folder: Path) -> None:
    """Each window: close the one before, then ask for this one's actions."""
    await run.register_all()
    moments = [(d, w) for d in range(days) for w in (0, 1)]
    with window_progress(len(moments), days, folder) as played:
        for day, window in moments:
            asks_at = run.at(day, EVENING if window else MORNING, INTO_WINDOW_MINUTES)
            await clock.step_to(asks_at.timestamp())
            await run.close_windows()
            await run.decide_all(day, window)
            played(day, len(run.decisions))
        await clock.step_to(run.at(days, MORNING, INTO_WINDOW_MINUTES).timestamp())
        await run.close_windows()


async def play_live(
    sandbox: Sandbox,
    world: World,
    start: datetime,
    days: int,
    clock: SteppedClock,
    admin: str,
    retries: RetryPolicy,
) -> LiveRun:
    async with (
        api_client(sandbox.deployment.url, admin, retries) as gateway,
        api_client(sandbox.mock_url, sandbox.token, retries) as mock_backend,
    ):
        run = LiveRun(world, start, gateway, mock_backend)
        await play(run, days, clock, sandbox.folder)
        return run


def api_client(url: str, token: str, retries: RetryPolicy) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=url,
        timeout=30,
        headers={"Authorization": f"Bearer {token}"},
        transport=AsyncResilientTransport(retries),
    )


def fetch_policies(
    sandbox: Sandbox, study_id: str, admin: str, retries: RetryPolicy
) -> list[dict[str, Any]]:
    with httpx.Client(
        timeout=30,
        headers={"Authorization": f"Bearer {admin}"},
        transport=ResilientTransport(retries),
    ) as client:
        answer = client.get(f"{sandbox.deployment.url}/v1/studies/{study_id}/policies")
    answer.raise_for_status()
    policies: list[dict[str, Any]] = answer.json()["policies"]
    return policies
