"""Finishing an update request: record the outcome, then tell the caller's callback URL.

The outcome is committed first, so a callback that fails (and is retried) never undoes a good
update. Every attempt is checked first (rlkernel.callback_targets: the host's addresses may have
changed since the gateway checked), sent to the address checked, never redirected, and signed
(rlkernel.webhooks). The caller learns only "delivered" or "failed": telling it why a connection
failed would let it map the networks we reach."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from rldomain.study import Study
from rlkernel.callback_targets import CallbackRefused, CallbackTargets
from rlkernel.db.models import UpdateRequest
from rlkernel.events import UpdateRequested
from rlkernel.logs import get_logger
from rlkernel.webhooks import signature_headers

log = get_logger(__name__)


def callback_client() -> httpx.AsyncClient:
    """No kept connection: each send connects to the address just checked, with its own host's
    TLS name (a pooled one to the same address may have been opened for another host)."""
    return httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))


@dataclass(frozen=True)
class Callbacks:
    http: httpx.AsyncClient
    studies: Mapping[str, Study]  # each names the hosts its callbacks may go to
    targets: CallbackTargets
    key: bytes  # the signing key (rlkernel.webhooks.signing_key)
    attempts: int = 5
    wait_max_seconds: float = 10.0


async def finish_request(
    sessions: sessionmaker[Session],
    callbacks: Callbacks,
    event: UpdateRequested,
    status: str,
    version: int | None,
    reason: str | None,
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
    if event.callback_url:
        await asyncio.to_thread(save, callback_status=await deliver(callbacks, event, status))


async def deliver(callbacks: Callbacks, event: UpdateRequested, status: str) -> str:
    """POSTs the outcome, retrying failed sends; "delivered" or "failed". The body says
    "completed" or "failed", the JustIn template's words (receivers written against it compare
    them), where our stored status says "succeeded"."""
    assert event.callback_url
    study = callbacks.studies.get(event.study_id)
    allowed = study.callbacks.allowed_hosts if study else ()
    body = json.dumps(
        {
            "status": "completed" if status == "succeeded" else "failed",
            "update_id": str(event.update_id),
            "timestamp": datetime.now(UTC).isoformat(),
        }
    ).encode()
    try:
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(callbacks.attempts),
            wait=wait_exponential(multiplier=0.5, max=callbacks.wait_max_seconds),
            retry=retry_if_exception_type(httpx.HTTPError),  # a refused target stays refused
            reraise=True,
        ):
            with attempt:
                await send(callbacks, event.callback_url, allowed, str(event.update_id), body)
    except (httpx.HTTPError, CallbackRefused) as exc:
        # Why, for the operator: never the URL (its query may carry a credential).
        why = exc.code if isinstance(exc, CallbackRefused) else type(exc).__name__
        log.warning("callback_failed", update_id=str(event.update_id), why=why)
        return "failed"
    return "delivered"


async def send(
    callbacks: Callbacks, url: str, allowed_hosts: Collection[str], message_id: str, body: bytes
) -> None:
    """One attempt: to the first address checked, under the URL's own Host and TLS name.
    The id is the update's, the same on every retry; the timestamp is this attempt's, in real
    time (not the service clock), as receivers compare it with theirs."""
    [address, *_] = await callbacks.targets.check(url, allowed_hosts)
    target = httpx.URL(url)
    headers = {
        "host": target.netloc.decode("ascii"),
        "content-type": "application/json",
        **signature_headers(callbacks.key, message_id, int(time.time()), body),
    }
    response = await callbacks.http.post(
        target.copy_with(host=str(address)),
        content=body,
        headers=headers,
        extensions={"sni_hostname": target.host},
        follow_redirects=False,  # a redirect could lead anywhere: it counts as a failed send
        timeout=10,
    )
    response.raise_for_status()
