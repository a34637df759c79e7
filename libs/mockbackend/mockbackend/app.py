"""The app: `POST /ema_study` (what ingest calls) and `/control/...` (see control.py).

Every route needs `Authorization: Bearer <token>`. Logs carry user ids, counts and fault modes,
never record contents.
"""

from __future__ import annotations

import asyncio
import secrets

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import ValidationError

from mockbackend.control import control_router
from mockbackend.models import EmaQuery, parse_time
from mockbackend.responses import answer, failure, reasons
from mockbackend.store import Call, Store
from rlkernel.logs import get_logger

log = get_logger("mockbackend")


class Unauthorized(Exception):
    pass


def create_app(token: str, store: Store | None = None) -> FastAPI:
    if not token.strip():
        raise ValueError("the mock backend needs a non-empty token")
    state = store or Store()
    app = FastAPI(title="rl-service mock mobile backend")
    app.state.store = state

    def authorized(request: Request) -> bool:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and secrets.compare_digest(given.encode(), token.encode())

    def require_token(request: Request) -> None:
        if not authorized(request):
            raise Unauthorized

    @app.exception_handler(Unauthorized)
    async def _unauthorized(request: Request, exc: Unauthorized) -> Response:
        return failure(401, "missing or invalid bearer token")

    @app.post("/ema_study")
    async def ema_study(request: Request) -> Response:
        """The user's records placed in [start_time, end_time] (both included; a time without an
        offset is UTC), keyed by EMA id, unless a fault is scripted. Every call that names a user
        is recorded, refused ones too (status 401)."""
        try:
            query = EmaQuery.model_validate_json(await request.body())
        except ValidationError as exc:
            if not authorized(request):
                raise Unauthorized from None
            return failure(422, "expected {user_id, start_time, end_time}", errors=reasons(exc))
        call = state.record_call(Call(query.user_id, query.start_time, query.end_time))
        if not authorized(request):
            call.status = 401
            log.info("ema call refused", user_id=query.user_id)
            raise Unauthorized
        fault = state.take_fault(query.user_id)
        call.fault = fault.mode if fault else None
        if fault and fault.mode == "timeout":
            await asyncio.sleep(fault.delay_seconds)
        start, end = parse_time(query.start_time), parse_time(query.end_time)
        response, call.records = answer(call.fault, state.window(query.user_id, start, end))
        call.status = response.status_code
        log.info(
            "ema call",
            user_id=query.user_id,
            status=call.status,
            fault=call.fault,
            records=call.records,
        )
        return response

    app.include_router(control_router(state, require_token))
    return app
