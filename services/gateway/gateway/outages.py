"""A store that is away is a 503 with Retry-After, not a 500: the request was fine, try again.

Only connection-level failures count (PostgreSQL or Redis unreachable, timed out); any other
error stays a server error, which is a bug to fix. Kafka being away is handled where it
matters (the action route stores the study's fallback instead)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import InterfaceError, OperationalError

from gateway.errors import body
from rldomain.errors import Unavailable
from rlkernel.logs import get_logger

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
