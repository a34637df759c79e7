"""Before the services stop: every decision the run was given is in the log and in the database
(what the replay then compares), every window it closed has been pulled by ingest and every
record it uploaded stored (so the kept database holds the last windows' data too). Waited for,
never slept on: a decision is answered while it is still being published, a window is pulled
after its close is answered, and how long either takes is not ours to guess."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from rlkernel.db.models import Decision, Observation, WindowRecord
from rlkernel.settings import Settings
from rlkernel.topics import Topics
from rlservice.replay.sources import read_log

SETTLE_TIMEOUT_SECONDS = 60.0
POLL_SECONDS = 0.25
PULLING = "pending"  # a window ingest has not finished with


@dataclass(frozen=True)
class Expected:
    """What a run handed the services."""

    rids: set[int]  # of the decisions it was answered
    windows: set[tuple[str, int]] = field(default_factory=set)  # (participant, index) closed
    uploads: int = 0  # records uploaded


def wait_settled(
    settings: Settings,
    sessions: sessionmaker[Session],
    study_id: str,
    expected: Expected,
    timeout: float = SETTLE_TIMEOUT_SECONDS,
) -> list[str]:
    """Until all of it is there; what is still missing at the time-out (none: all arrived)."""
    deadline = time.monotonic() + timeout
    while True:
        missing = {
            "decisions not stored": len(expected.rids - _stored(sessions, study_id)),
            "decisions not on the log": len(expected.rids - _logged(settings, study_id)),
            "windows not pulled": len(expected.windows - _pulled(sessions, study_id)),
            "uploads not stored": expected.uploads - _uploads(sessions, study_id),
        }
        if not any(n > 0 for n in missing.values()) or time.monotonic() > deadline:
            return [f"{n} {what}" for what, n in missing.items() if n > 0]
        time.sleep(POLL_SECONDS)


def _stored(sessions: sessionmaker[Session], study_id: str) -> set[int]:
    with sessions() as session:
        return set(session.scalars(select(Decision.rid).where(Decision.study_id == study_id)))


def _logged(settings: Settings, study_id: str) -> set[int]:
    topic = Topics(settings.rls_namespace).decisions_made
    return {d.rid for d in asyncio.run(read_log(settings, topic, study_id))}


def _pulled(sessions: sessionmaker[Session], study_id: str) -> set[tuple[str, int]]:
    with sessions() as session:
        rows = session.execute(
            select(WindowRecord.participant_id, WindowRecord.decision_index).where(
                WindowRecord.study_id == study_id, WindowRecord.status != PULLING
            )
        )
        return {(pid, index) for pid, index in rows}


def _uploads(sessions: sessionmaker[Session], study_id: str) -> int:
    with sessions() as session:
        query = select(func.count()).where(
            Observation.study_id == study_id, Observation.source == "upload"
        )
        return int(session.scalar(query) or 0)
