"""`/control/...`: what tests and the simulator use to store records, script faults, and see
the EMA calls received. Logs carry user ids, counts and fault modes, never record contents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from mockbackend.models import EmaRecord, FaultIn, RecordsIn, parse_time
from mockbackend.responses import failure, reasons
from mockbackend.store import Fault, Store
from rlkernel.logs import get_logger

log = get_logger("mockbackend")


def placed(record: dict[str, Any], raw: bool, user_id: str) -> tuple[datetime, dict[str, Any]]:
    """The time that places the record in a window, and the record as it will be answered."""
    if raw:
        record = dict(record)
        at = record.pop("window_time", None) or record.get("act_gen_timestamp")
        if not isinstance(at, str):
            raise ValueError("a raw record needs a window_time or an act_gen_timestamp string")
        return parse_time(at), record
    valid = EmaRecord.model_validate(record)
    if valid.user_id != user_id:
        raise ValueError("the record's user_id differs from the call's user_id")
    at = valid.window_time or valid.act_gen_timestamp
    return parse_time(at), valid.model_dump(mode="json", exclude={"window_time"})


def control_router(state: Store, require_token: Callable[[Request], None]) -> APIRouter:
    control = APIRouter(prefix="/control", dependencies=[Depends(require_token)])

    @control.post("/records")
    def add_records(body: RecordsIn) -> Response:
        """All records of a call are stored, or none."""
        items = []
        for index, record in enumerate(body.records):
            try:
                items.append(placed(record, body.raw, body.user_id))
            except ValueError as exc:
                return failure(422, f"record {index} is invalid", errors=reasons(exc))
        ids = state.add_records(body.user_id, items)
        log.info("records added", user_id=body.user_id, count=len(ids), raw=body.raw)
        return JSONResponse({"status": "success", "ema_ids": ids})

    @control.post("/faults")
    def add_fault(body: FaultIn) -> dict[str, str]:
        state.add_fault(Fault(body.mode, body.user_id, body.times, body.delay_seconds))
        log.info("fault scripted", user_id=body.user_id, mode=body.mode, times=body.times)
        return {"status": "success"}

    @control.get("/faults")
    def list_faults() -> list[dict[str, Any]]:
        return state.faults()

    @control.delete("/faults")
    def clear_faults() -> dict[str, str]:
        state.clear_faults()
        return {"status": "success"}

    @control.get("/calls")
    def list_calls() -> list[dict[str, Any]]:
        return state.calls()

    @control.delete("/state")
    def clear_state() -> dict[str, str]:
        state.clear()
        log.info("state cleared")
        return {"status": "success"}

    return control
