"""Re-driving a dead letter: its message published back to its source topic, at most once.

Once the cause is fixed (a bug deployed away, a missing decision made), an operator re-drives
the letter from the API or the CLI. The "re-driven" mark is set by a conditional UPDATE before
publishing, so two operators (or a double click) cannot publish it twice; the consumers are
idempotent, so the message is processed exactly once. If publishing fails the mark is lifted
again, and the operator can simply retry.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from faststream.kafka import KafkaBroker
from sqlalchemy import func, update
from sqlalchemy.orm import Session, sessionmaker

from rldomain.errors import Conflict, NotFound
from rlkernel.db.models import AuditEntry, DeadLetter
from rlkernel.logs import get_logger

log = get_logger(__name__)


async def redrive(
    sessions: sessionmaker[Session], broker: KafkaBroker, letter_id: int, by: str
) -> DeadLetter:
    """Marks the letter re-driven by `by`, then publishes its payload to its source topic with
    its key. Raises NotFound (dead_letter_not_found) or Conflict (already_redriven)."""
    letter = await asyncio.to_thread(_mark, sessions, letter_id, by)
    try:
        await broker.publish(
            message(letter.payload),
            topic=letter.source_topic,
            key=letter.key.encode() if letter.key else None,
        )
    except BaseException:
        await asyncio.to_thread(_unmark, sessions, letter, by)
        raise
    log.info("dead_letter_redriven", id=letter_id, source_topic=letter.source_topic, by=by)
    return letter


def message(payload: Any) -> bytes:
    """The bytes to publish: the JSON as it was decoded, or the raw text it was kept as."""
    return payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()


def _mark(sessions: sessionmaker[Session], letter_id: int, by: str) -> DeadLetter:
    with sessions.begin() as session:
        marked = session.scalars(
            update(DeadLetter)
            .where(DeadLetter.id == letter_id, DeadLetter.redriven_at.is_(None))
            .values(redriven_at=func.now(), redriven_by=by)
            .returning(DeadLetter)
        ).first()
        if marked is not None:
            _audit(session, by, "dead_letter_redriven", marked)
            return marked
        if session.get(DeadLetter, letter_id) is None:
            raise NotFound("dead_letter_not_found", f"no dead letter {letter_id}")
        raise Conflict("already_redriven", f"dead letter {letter_id} was re-driven already")


def _unmark(sessions: sessionmaker[Session], letter: DeadLetter, by: str) -> None:
    with sessions.begin() as session:
        session.execute(
            update(DeadLetter)
            .where(DeadLetter.id == letter.id, DeadLetter.redriven_at == letter.redriven_at)
            .values(redriven_at=None, redriven_by=None)
        )
        _audit(session, by, "dead_letter_redrive_failed", letter)


def _audit(session: Session, by: str, action: str, letter: DeadLetter) -> None:
    """In the audit log as who did it ("api:alice" is alice; "cli:root" stays whole)."""
    actor = by.removeprefix("api:")
    session.add(
        AuditEntry(
            actor=actor, action=action, study_id=letter.study_id, target=str(letter.id), details={}
        )
    )
