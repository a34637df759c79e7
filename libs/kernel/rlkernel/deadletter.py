"""A failure that retrying cannot fix goes to the dead-letter topic and table: never vanishes."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from rlkernel.db.models import DeadLetter
from rlkernel.events import DeadLettered
from rlkernel.logs import get_logger
from rlkernel.publishing import Publishes

log = get_logger(__name__)


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
    event = DeadLettered(
        source_topic=source_topic, service=service, reason=reason, payload=payload, key=key
    )

    def store() -> None:
        with sessions.begin() as session:
            session.execute(
                insert(DeadLetter)
                .values(
                    event_id=event.event_id,
                    source_topic=source_topic,
                    service=service,
                    reason=reason,
                    key=key,
                    payload=payload,
                )
                .on_conflict_do_nothing()
            )

    await asyncio.to_thread(store)
    await publisher.publish(event)
    log.warning("dead_lettered", source_topic=source_topic, reason=reason, key=key)
    return event
