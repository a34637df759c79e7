"""Dead letters, for operators: list them, inspect one, re-drive one once its cause is fixed.

A letter belongs to the study its message names: that study's operators handle it. Deployment
admins see every letter, since one that names no study (a message that is not even JSON) has no
other reader; a payload is a whole message, health data included."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from gateway.auth import Caller
from gateway.deps import AnyCaller, ListingsDep, StateDep
from gateway.errors import ApiError
from gateway.inputs import Id
from gateway.responses import DeadLetter as DeadLetterReply
from gateway.responses import DeadLetters, Redriven, errors_for
from rladapters.listings import MAX_DEAD_LETTERS, Listings
from rldomain.errors import NotFound
from rlkernel.db.models import DeadLetter
from rlkernel.redrive import redrive as redrive_letter

router = APIRouter(prefix="/v1", tags=["dead letters"])

Limit = Annotated[
    int, Query(ge=1, le=MAX_DEAD_LETTERS, description="at most this many, newest first")
]
Filter = Annotated[Id | None, Query()]  # printable, bounded: never NUL into SQL
StudyFilter = Annotated[
    Id | None, Query(description="the study's letters (required unless you are an admin)")
]
LetterId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def summary(d: DeadLetter) -> dict[str, Any]:
    return {
        "id": d.id,
        "event_id": str(d.event_id),
        "study_id": d.study_id,
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


def may_handle(caller: Caller, study_id: str | None) -> bool:
    return caller.admin or (study_id is not None and caller.grants.may(study_id, "operator"))


async def handled_letter(caller: Caller, listings: Listings, letter_id: int) -> DeadLetter:
    found = await listings.dead_letter(letter_id)
    if found is None:
        raise NotFound("dead_letter_not_found", f"no dead letter {letter_id}")
    if not may_handle(caller, found.study_id):
        raise ApiError(403, "forbidden", "this needs the role operator in the letter's study")
    return found


@router.get(
    "/dead-letters",
    operation_id="listDeadLetters",
    response_model=DeadLetters,
    responses=errors_for(401, 403, 422),
)
async def dead_letters(
    caller: AnyCaller,
    listings: ListingsDep,
    limit: Limit = 100,
    study_id: StudyFilter = None,
    source_topic: Filter = None,
    service: Filter = None,
) -> dict[str, Any]:
    """Failures that retrying could not fix, newest first: nothing vanishes silently."""
    if not may_handle(caller, study_id):
        raise ApiError(403, "forbidden", "this needs the role operator in study_id")
    found = await listings.dead_letters(limit, source_topic, service, study_id)
    return {"dead_letters": [summary(d) for d in found]}


@router.get(
    "/dead-letters/{letter_id}",
    operation_id="getDeadLetter",
    response_model=DeadLetterReply,
    responses=errors_for(401, 403, 404, 422),
)
async def dead_letter(
    letter_id: LetterId, caller: AnyCaller, listings: ListingsDep
) -> dict[str, Any]:
    """One dead letter, with the message it keeps (the decoded JSON, or the raw text)."""
    found = await handled_letter(caller, listings, letter_id)
    return {**summary(found), "payload": found.payload}


@router.post(
    "/dead-letters/{letter_id}/redrive",
    operation_id="redriveDeadLetter",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Redriven,
    responses=errors_for(401, 403, 404, 409, 422),
)
async def redrive(
    letter_id: LetterId,
    caller: AnyCaller,
    listings: ListingsDep,
    state: StateDep,
) -> dict[str, Any]:
    """Publish the dead letter's message to its source topic again, once (409 the second
    time): for after its cause was fixed. The consumers handle it exactly once. Audited."""
    await handled_letter(caller, listings, letter_id)
    who = f"api:{caller.username}"
    letter = await redrive_letter(state.sessions, state.broker, letter_id, who)
    return {"status": "accepted", **summary(letter)}
