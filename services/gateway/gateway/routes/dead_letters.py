"""Dead letters, for operators: list them, inspect one, re-drive one once its cause is fixed.

Admin only for now: a payload is a whole message, health data included."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from gateway.deps import AdminCaller, ListingsDep, StateDep
from gateway.inputs import Id
from rladapters.listings import MAX_DEAD_LETTERS
from rldomain.errors import NotFound
from rlkernel.db.models import DeadLetter
from rlkernel.redrive import redrive as redrive_letter

router = APIRouter(prefix="/v1", tags=["dead letters"])

Limit = Annotated[
    int, Query(ge=1, le=MAX_DEAD_LETTERS, description="at most this many, newest first")
]
Filter = Annotated[Id | None, Query()]  # printable, bounded: never NUL into SQL
LetterId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def summary(d: DeadLetter) -> dict[str, Any]:
    return {
        "id": d.id,
        "event_id": str(d.event_id),
        "service": d.service,
        "source_topic": d.source_topic,
        "partition": d.source_partition,
        "offset": d.source_offset,
        "reason": d.reason,
        "key": d.key,
        "created_at": d.created_at.isoformat(),
        "redriven_at": d.redriven_at.isoformat() if d.redriven_at else None,
        "redriven_by": d.redriven_by,
    }


@router.get("/dead-letters")
async def dead_letters(
    _: AdminCaller,
    listings: ListingsDep,
    limit: Limit = 100,
    source_topic: Filter = None,
    service: Filter = None,
) -> dict[str, Any]:
    """Failures that retrying could not fix, newest first: nothing vanishes silently."""
    found = await listings.dead_letters(limit, source_topic, service)
    return {"dead_letters": [summary(d) for d in found]}


@router.get("/dead-letters/{letter_id}")
async def dead_letter(letter_id: LetterId, _: AdminCaller, listings: ListingsDep) -> dict[str, Any]:
    """One dead letter, with the message it keeps (the decoded JSON, or the raw text)."""
    found = await listings.dead_letter(letter_id)
    if found is None:
        raise NotFound("dead_letter_not_found", f"no dead letter {letter_id}")
    return {**summary(found), "payload": found.payload}


@router.post("/dead-letters/{letter_id}/redrive", status_code=status.HTTP_202_ACCEPTED)
async def redrive(letter_id: LetterId, caller: AdminCaller, state: StateDep) -> dict[str, Any]:
    """Publish the dead letter's message to its source topic again, once (409 the second
    time): for after its cause was fixed. The consumers handle it exactly once."""
    letter = await redrive_letter(state.sessions, state.broker, letter_id, f"api:{caller.username}")
    return {"status": "accepted", **summary(letter)}
