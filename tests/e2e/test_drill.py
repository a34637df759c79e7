"""The fault drill, shortened (bench/drill.py runs it whole): traffic throughout while the
decision service and ingest are killed, Redis is flushed and Kafka restarted; nothing answered
is lost or doubled, and the replay re-derives every decision."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.drill_faults import Fault
from bench.drill_report import failures
from bench.drill_run import Plan, run_drill
from rlservice.launcher import SERVICE_NAMES
from tests.support.infra import Infra
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.outage]  # restarts the shared Kafka

SHORT = Plan(
    faults=(
        Fault("kill", "decision"),
        Fault("kill", "ingest"),
        Fault("flush", "redis"),
        Fault("restart", "kafka"),
    ),
    seconds=3,
    clients=4,
    participants=16,
    down_seconds=2,
)


def test_under_faults_nothing_answered_is_lost_or_doubled_and_the_replay_is_exact(
    stack: Stack, infra: Infra, tmp_path: Path
) -> None:
    # Sweepers that act within seconds, so the drill settles within the test's time.
    stack.extra_env.update(UNLOGGED_AFTER_SECONDS="2", SWEEP_EVERY_SECONDS="1")
    for service in SERVICE_NAMES:
        stack.start(service)
    stack.wait_until(lambda r: r.get("status") == "ok", 120, "the stack healthy")

    results = run_drill(stack, infra, SHORT, tmp_path / "replay.json")

    assert results["decisions_answered"] > 0 and results["uploads_accepted"] > 0
    assert failures(results) == [], results
    assert results["replay"]["decisions"] == results["decisions_stored"]
    assert [p["fault"] for p in results["faults"]] == [f.name for f in SHORT.faults]
