"""A failure that retrying cannot fix goes to the dead-letter topic and table: never vanishes.

A dead letter written while its message is being handled (by the consumer runtime, or by a
handler refusing it; see rlkernel.consuming) records where the message was and keeps the
message itself as its payload, so that re-driving it (rlkernel.redrive) replays exactly what
failed. Its event_id is derived from that position and reason, so a message dead-lettered
again for the same reason (a batch retried, a redelivery) is stored once.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rlkernel.consuming.delivery import delivery_of
from rlkernel.db.models import DeadLetter
from rlkernel.events import DeadLettered
from rlkernel.logs import get_logger
from rlkernel.publishing import Publishes

log = get_logger(__name__)
LETTERS = uuid.UUID("5f0d8c3e-58a4-4c55-9a52-3f0b8f9d1c27")  # namespace of derived event ids
LONGEST_KEY = 300  # the table's column


def letter(
    service: str, source_topic: str, reason: str, payload: dict[str, Any], key: str | None
) -> DeadLettered:
    """The dead letter's event: about the message being handled, if it is one."""
    found = delivery_of(source_topic, payload)
    if found is None:
        return DeadLettered(
            source_topic=source_topic, service=service, reason=reason, payload=payload, key=key
        )
    place = f"{service}|{source_topic}|{found.partition}|{found.offset}|{reason}"
    whole = isinstance(found.body, dict)
    return DeadLettered(
        event_id=uuid.uuid5(LETTERS, place),
        source_topic=source_topic,
        service=service,
        reason=reason,
        key=(key if key is not None else found.key),
        payload=found.body if whole else {},
        payload_text=None if whole else found.value.decode(errors="replace"),
        source_partition=found.partition,
        source_offset=found.offset,
    )


def stored_payload(event: DeadLettered) -> Any:
    """The table keeps the decoded JSON, or the raw text when it is not JSON."""
    if event.payload_text is None:
        return event.payload
    try:
        return json.loads(event.payload_text)
    except ValueError:
        return event.payload_text


def study_of(payload: Any) -> str | None:
    """The study a kept message names, so that its operators see the letter."""
    study = payload.get("study_id") if isinstance(payload, dict) else None
    return study[:100] if isinstance(study, str) else None


async def dead_letter(
    publisher: Publishes,
    sessions: sessionmaker[Session],
    *,
    service: str,
    source_topic: str,
    reason: str,
    payload: dict[str, Any],
    key: str | None = None,
) -> DeadLettered:
    event = letter(service, source_topic, reason, payload, key)
    kept = stored_payload(event)

    def store() -> None:
        with sessions.begin() as session:
            session.execute(
                insert(DeadLetter)
                .values(
                    event_id=event.event_id,
                    source_topic=source_topic,
                    service=service,
                    reason=reason,
                    key=event.key[:LONGEST_KEY] if event.key else None,
                    payload=kept,
                    study_id=study_of(kept),
                    source_partition=event.source_partition,
                    source_offset=event.source_offset,
                )
                .on_conflict_do_nothing()
            )

    await asyncio.to_thread(store)
    await publisher.publish(event)
    log.warning(
        "dead_lettered",
        source_topic=source_topic,
        partition=event.source_partition,
        offset=event.source_offset,
        reason=reason,
        key=event.key,
    )
    return event
