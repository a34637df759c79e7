"""The sweep of expired windows against the real stack: a window its backend never closed is
pulled anyway once the study's grace has passed (miwaves.yaml: 60 minutes), and marked swept;
a window its backend closed is pulled once, however often the sweep comes by.

The services run on test_ingest's accelerated clock (300x, from 11:00 in the study's zone):
a participant's window 0 ends an hour of that clock (12 s) after they register, and is due for
the sweep an hour (12 s) later.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import create_engine, text

from ingest.unclosed import RESEND_AFTER
from tests.e2e.test_ingest import (
    SPEED,
    Backend,
    Enrolled,
    close_when_ended,
    decide,
    ema_record,
    register,
)
from tests.support.api import MIWAVES_TZ, Api
from tests.support.ema_stack import EmaStack, start_miwaves_with_ema
from tests.support.progress import wait_consumed
from tests.support.stack import Stack, free_port
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
GRACE_SECONDS = 60 * 60 / SPEED  # the study's grace in real seconds
ROUNDS = re.compile(r"^rls_window_sweeps_total ([0-9.e+]+)$", re.MULTILINE)


class World:
    def __init__(self, stack: Stack, ema: EmaStack, metrics_port: int) -> None:
        self.stack, self.api, self.ema = stack, Api(stack), ema
        self.backend = Backend(ema.backend_url, ema.token)
        self.metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"
        self.engine = create_engine(stack.database_url)

    def metrics(self) -> str:
        """Ingest's Prometheus metrics."""
        return httpx.get(self.metrics_url, timeout=5).text

    def rounds(self) -> float:
        """How many rounds ingest's sweep has finished."""
        found = ROUNDS.search(self.metrics())
        return float(found[1]) if found else 0.0

    def window(self, user: str) -> tuple[Any, list[Any]]:
        """The user's window row (None: none yet) and their observations."""
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT status, records, attempts, closed_by FROM windows"
                    " WHERE participant_id = :u"
                ),
                {"u": user},
            ).first()
            observations = conn.execute(
                text("SELECT rid, source FROM observations WHERE participant_id = :u"),
                {"u": user},
            ).all()
        return row, list(observations)

    def sweep_has_run_past_due(self, enrolled: Enrolled) -> None:
        """Waits until a whole round of the sweep ran after `enrolled`'s window 0 was due: two
        more rounds finished than when we started to wait, once it was due."""
        due = enrolled.ends + GRACE_SECONDS
        wait_for(time.time, lambda now: now > due, due - time.time() + 60, "window 0 due")
        seen = self.rounds()
        wait_for(self.rounds, lambda n: n >= seen + 2, 30, "two more rounds of the sweep")


@pytest.fixture
def world(stack: Stack, tmp_path: Path) -> Iterator[World]:
    metrics_port = free_port()
    eleven = datetime.now(ZoneInfo(MIWAVES_TZ)).replace(hour=11, minute=0, second=0, microsecond=0)
    ema = start_miwaves_with_ema(
        stack,
        tmp_path,
        eleven,
        SPEED,
        {"WINDOW_SWEEP_EVERY_SECONDS": "0.5"},
        {"METRICS_PORT": str(metrics_port)},
    )
    world = World(stack, ema, metrics_port)
    yield world
    world.api.http.close()
    world.engine.dispose()


def test_a_window_nobody_closed_is_pulled_once_by_the_sweep_and_marked_swept(
    world: World,
) -> None:
    enrolled = register(world.api, world.ema)
    user = enrolled.user
    decision = decide(world.api, user)  # in window 0; the backend will never close it
    world.backend.add(user, [ema_record(user, decision, enrolled.evening)])
    row, observations = wait_for(
        lambda: world.window(user),
        lambda found: found[0] is not None and found[0].status == "pulled",
        enrolled.ends - time.time() + GRACE_SECONDS + 60,
        "window 0 pulled by the sweep",
    )
    assert time.time() >= enrolled.ends + GRACE_SECONDS, "pulled before its grace had passed"
    assert (row.closed_by, row.records, row.attempts) == ("sweep", 1, 1)
    assert [(o.rid, o.source) for o in observations] == [(decision["rid"], "pull")]
    assert 'rls_windows_swept_total{study="miwaves"} 1.0' in world.metrics()
    analyst = world.api.client(("miwaves", "analyst"))
    timeline = world.api.get(f"/v1/studies/miwaves/participants/{user}/timeline", token=analyst)
    [closed] = [e for e in timeline.json()["events"] if e["kind"] == "window"]
    assert (closed["decision_index"], closed["closed_by"]) == (0, "sweep")
    world.sweep_has_run_past_due(enrolled)
    wait_consumed(world.stack, "windows_closed", "ingest")
    assert len(world.backend.calls(user)) == 1
    assert len(world.window(user)[1]) == 1


def test_a_window_its_backend_closed_is_not_pulled_again_by_the_sweep(world: World) -> None:
    enrolled = register(world.api, world.ema)
    user = enrolled.user
    decision = decide(world.api, user)
    world.backend.add(user, [ema_record(user, decision, enrolled.evening)])
    close_when_ended(world.api, enrolled)
    wait_for(
        lambda: world.window(user)[0],
        lambda row: row is not None and row.status == "pulled",
        30,
        "window 0 pulled after its close",
    )
    world.sweep_has_run_past_due(enrolled)
    wait_consumed(world.stack, "windows_closed", "ingest")  # had the sweep published, handled
    row, observations = world.window(user)
    assert (row.closed_by, row.attempts, len(observations)) == ("backend", 1, 1)
    assert len(world.backend.calls(user)) == 1
    assert "rls_windows_swept_total{" not in world.metrics()


def test_a_claim_its_replica_never_published_is_sent_again(world: World) -> None:
    """A replica that died between claiming a window and publishing it left a pending row
    marked `sweep`; once it is older than RESEND_AFTER, the sweep sends it anew."""
    enrolled = register(world.api, world.ema)
    user = enrolled.user
    decision = decide(world.api, user)
    world.backend.add(user, [ema_record(user, decision, enrolled.evening)])
    with world.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO windows (study_id, participant_id, decision_index, start_time,"
                " end_time, status, attempts, records, closed_by, updated_at)"
                " VALUES ('miwaves', :u, 0, now(), now(), 'pending', 0, 0, 'sweep',"
                " now() - :stale)"
            ),
            {"u": user, "stale": RESEND_AFTER + timedelta(minutes=1)},
        )
    row, observations = wait_for(
        lambda: world.window(user),
        lambda found: found[0].status == "pulled",
        GRACE_SECONDS + 60,
        "the stale claim sent again and pulled",
    )
    assert (row.closed_by, row.records, row.attempts) == ("sweep", 1, 1)
    assert [(o.rid, o.source) for o in observations] == [(decision["rid"], "pull")]
