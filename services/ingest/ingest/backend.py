"""The study backend's EMA endpoint: someone else's server, so expect it to misbehave.

Time-outs, connection errors and 5xx are retried with exponential backoff; anything else
(401, malformed JSON, a missing `ema_data`) fails at once: retrying cannot fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from rldomain.schedule import Window
from rldomain.study import EmaEndpoint
from rlkernel.secrets import secret

# MiWaves sends "YYYY-MM-DD HH:MM:SS" without a zone; we always send UTC.
FORMAT = "%Y-%m-%d %H:%M:%S"


class PullFailed(Exception):
    """The window's data could not be had; `reason` says why (no health data in it)."""


class _Retryable(Exception):
    pass


async def pull(
    client: httpx.AsyncClient,
    endpoint: EmaEndpoint,
    token: str | None,
    user_id: str,
    start: datetime,
    end: datetime,
    attempts: int,
    wait_max: float,
) -> dict[str, Any]:
    body = {
        "user_id": user_id,
        "start_time": start.astimezone(UTC).strftime(FORMAT),
        "end_time": end.astimezone(UTC).strftime(FORMAT),
    }
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(attempts),
            wait=wait_exponential(multiplier=0.2, max=wait_max),
            retry=retry_if_exception_type(_Retryable),
            reraise=True,
        ):
            with attempt:
                try:
                    response = await client.post(
                        str(endpoint.url),
                        json=body,
                        headers=headers,
                        timeout=endpoint.timeout_seconds,
                    )
                except (httpx.TimeoutException, httpx.TransportError) as exc:
                    raise _Retryable(f"backend unreachable: {type(exc).__name__}") from exc
                if response.status_code >= 500:
                    raise _Retryable(f"backend answered {response.status_code}")
    except _Retryable as exc:
        raise PullFailed(f"{exc} (after {attempts} attempts)") from None
    if response.status_code != 200:
        raise PullFailed(f"backend answered {response.status_code}")
    try:
        payload = response.json()
    except ValueError:
        raise PullFailed("backend answered with malformed JSON") from None
    if not isinstance(payload, dict) or payload.get("status") != "success":
        raise PullFailed("backend did not answer status: success")
    ema = payload.get("ema_data")
    if not isinstance(ema, dict):
        raise PullFailed("backend answer has no ema_data object")
    return ema


@dataclass(frozen=True)
class EmaBackend:
    """The pull as the handlers call it: client, retry budget and the study's token bound."""

    client: httpx.AsyncClient
    attempts: int
    wait_max: float

    async def __call__(self, endpoint: EmaEndpoint, user_id: str, window: Window) -> dict[str, Any]:
        token = secret(endpoint.token_env)
        return await pull(
            self.client,
            endpoint,
            token,
            user_id,
            window.start,
            window.end,
            self.attempts,
            self.wait_max,
        )
