"""Before the services stop: every decision the run was given is in the log and in the database
(what the replay then compares), and every window it closed has been pulled by ingest (so the
kept database holds the last windows' data too). Waited for, never slept on: a decision is
answered while it is still being published, a window is pulled after its close is answered, and
how long either takes is not ours to guess."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from rlkernel.db.models import Decision, WindowRecord
from rlkernel.settings import Settings
from rlkernel.topics import Topics
from rlservice.replay.sources import read_log

from .backend import LiveRun

SETTLE_TIMEOUT_SECONDS = 60.0
POLL_SECONDS = 0.25
PULLING = "pending"  # a window ingest has not finished with


def wait_settled(
    settings: Settings,
    sessions: sessionmaker[Session],
    study_id: str,
    run: LiveRun,
    timeout: float = SETTLE_TIMEOUT_SECONDS,
) -> list[str]:
    """Until all of it is there; what is still missing at the time-out (none: all arrived)."""
    rids = {int(d["rid"]) for d in run.decisions}
    windows = set(run.closed_windows)
    deadline = time.monotonic() + timeout
    while True:
        missing: dict[str, set[int] | set[tuple[str, int]]] = {
            "decisions not stored": rids - _stored(sessions, study_id),
            "decisions not on the log": rids - _logged(settings, study_id),
            "windows not pulled": windows - _pulled(sessions, study_id),
        }
        if not any(missing.values()) or time.monotonic() > deadline:
            return [f"{len(left)} {what}" for what, left in missing.items() if left]
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
        return {(pid, index) for pid, index in rows.tuples()}
