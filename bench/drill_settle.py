"""After the traffic stops: wait until the pipeline has moved past everything the drill did,
by conditions (consumer groups caught up with the topics' ends, no decision left unlogged, no
observation left unpublished), so the checks that follow see the final record."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import create_engine, text

from rlservice.deployment import Deployment
from tests.support.progress import wait_consumed
from tests.support.waiting import wait_for

# (topic attribute, consumer group): in the order work flows, so a wait covers what the
# previous one produced.
FIRST = (("actions_requested", "decision"), ("data_uploaded", "ingest-upload"))
THEN = (("observations_ingested", "trainer"),)
UNLOGGED = "SELECT count(*) FROM decisions WHERE logged_at IS NULL"
UNPUBLISHED = "SELECT count(*) FROM observations WHERE published_at IS NULL"


def scalar(dep: Deployment, sql: str) -> Any:
    engine = create_engine(dep.database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def settle(dep: Deployment, timeout: float) -> float:
    """Seconds it took until everything the drill caused has been processed."""
    started = time.monotonic()
    for topic, group in FIRST:
        wait_consumed(dep, topic, group, timeout)
    # The sweepers publish what a fault left unpublished; each waits out its grace period.
    wait_for(lambda: scalar(dep, UNLOGGED), lambda n: n == 0, timeout, "every decision logged")
    wait_for(
        lambda: scalar(dep, UNPUBLISHED), lambda n: n == 0, timeout, "every observation published"
    )
    for topic, group in THEN:
        wait_consumed(dep, topic, group, timeout)
    return time.monotonic() - started
