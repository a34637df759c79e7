"""What the EMA endpoint answers, normally or as a scripted fault."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import ValidationError

from mockbackend.models import FaultMode

TRUNCATED_JSON = '{"status": "success", "ema_data": {'


def failure(status_code: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"status": "failure", "message": message, **extra}, status_code)


def reasons(exc: ValueError) -> Any:
    """Why input was refused, without the input itself: it may be health data."""
    if isinstance(exc, ValidationError):
        return exc.errors(include_url=False, include_context=False, include_input=False)
    return str(exc)


def answer(mode: FaultMode | None, ema_data: dict[str, Any]) -> tuple[Response, int]:
    """The response and how many records it carries. `timeout` has already slept: it answers
    normally."""
    if mode == "http_500":
        return PlainTextResponse("Internal Server Error", 500), 0
    if mode == "http_503":
        return PlainTextResponse("Service Unavailable", 503), 0
    if mode == "malformed_json":
        return Response(TRUNCATED_JSON, media_type="application/json"), 0
    if mode == "missing_ema_data":
        return JSONResponse({"status": "success"}), 0
    if mode == "failure_401":
        return failure(401, "scripted failure: unauthorized"), 0
    if mode == "duplicate_records":
        ema_data = {
            twin: rec for ema_id, rec in ema_data.items() for twin in (ema_id, f"{ema_id}-dup")
        }
    return JSONResponse({"status": "success", "ema_data": ema_data}), len(ema_data)
