"""A store that is away is a 503 with Retry-After, not a 500: the request was fine, try again.

Only connection-level failures count (PostgreSQL or Redis unreachable, timed out); any other
error stays a server error, which is a bug to fix. Kafka being away: the action route stores
the study's fallback instead; the other routes that publish wait a bounded time, then 503."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import InterfaceError, OperationalError

from gateway.errors import body
from rldomain.errors import Unavailable
from rlkernel.events import Event
from rlkernel.logs import get_logger
from rlkernel.publishing import Publishes, publish_within

log = get_logger(__name__)
AWAY = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


def install(app: FastAPI) -> None:
    async def away(request: Request, exc: Exception) -> JSONResponse:
        log.warning("store_unavailable", path=request.url.path, error=type(exc).__name__)
        return JSONResponse(
            body("service_unavailable", "a store is unavailable; try again shortly"),
            status_code=503,
            headers={"Retry-After": str(Unavailable.retry_after_seconds)},
        )

    for kind in AWAY:
        app.add_exception_handler(kind, away)


@dataclass(frozen=True)
class PublishWithin:
    """A publisher that gives up waiting after `seconds` with a 503, instead of holding the
    request for the producer's own time-out. A message given up on still reaches Kafka later:
    consumers are idempotent (a window is pulled once, a slot observed once)."""

    publisher: Publishes
    seconds: float

    async def publish(self, event: Event) -> None:
        try:
            await publish_within(self.publisher, event, self.seconds)
        except Exception as exc:
            log.warning("event_not_published", kind=type(event).__name__, error=type(exc).__name__)
            raise Unavailable(
                "event_log_unavailable", "the event log is unavailable; try again shortly"
            ) from None

    async def reply(self, event: Event, to: str, correlation_id: str) -> None:
        await self.publisher.reply(event, to, correlation_id)
