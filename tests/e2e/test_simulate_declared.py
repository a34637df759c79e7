"""`rlservice simulate` of the studies that declare their world in their file: each through every
real service over the native API (registration, actions, uploads), then replayed."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rlservice.launcher import STATE_DIR
from tests.support.infra import Infra

pytestmark = pytest.mark.e2e
SIMULATIONS = STATE_DIR / "simulations"


def simulate(
    infra: Infra, study: str, participants: int, days: int, seconds: int
) -> tuple[Path, str]:
    """Runs the command; the new session's folder and what it printed."""
    before = set(SIMULATIONS.glob("*")) if SIMULATIONS.exists() else set()
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": infra.kafka,
        "REDIS_URL": infra.redis_url,
        "DATABASE_URL": infra.database_url,
    }
    command = [sys.executable, "-m", "rlservice", "simulate", "--study", study]
    command += ["--participants", str(participants), "--days", str(days)]
    command += ["--seconds", str(seconds), "--seed", "2"]
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [folder] = set(SIMULATIONS.glob("*")) - before
    return folder, done.stdout


# Real seconds: the pace only. The services' clock is stepped by the simulator, so a loaded
# machine makes a run longer, never lets it miss a window.
@pytest.mark.parametrize(
    ("study", "participants", "days", "per_day", "seconds"),
    [
        ("oralytics", 4, 3, 2, 15),
        ("heartsteps", 3, 8, 5, 20),  # past the 7-day warm-up
        ("three_messages", 4, 4, 1, 15),
    ],
)
def test_a_declared_study_runs_through_the_services_and_replays_exactly(
    infra: Infra, study: str, participants: int, days: int, per_day: int, seconds: int
) -> None:
    folder, printed = simulate(infra, study, participants, days, seconds)
    results: dict[str, Any] = json.loads((folder / "results.json").read_text())
    # Everyone decided in every window of their days (no dropout in these worlds).
    assert results["decisions"] == participants * days * per_day
    assert results["decisions_stored"] == results["decisions"]
    assert results["replay_mismatches"] == 0
    assert results["policy_versions"] >= 2  # the trainer learned from the uploads
    for by_day in (results["action_share_by_day"], results["mean_probability_by_day"]):
        days_with_decisions = [
            day for day in zip(*by_day.values(), strict=True) if not math.isnan(day[0])
        ]
        assert days_with_decisions
        assert all(sum(day) == pytest.approx(1.0) for day in days_with_decisions)
    assert len(results["uniform_cumulative_reward_by_day"]) == len(
        results["cumulative_reward_by_day"]
    )
    assert all(
        (folder / name).stat().st_size > 1000
        for name in ("action_share_by_day.png", "probability_by_day.png", "cumulative_reward.png")
    )
    assert "simulation summary" in printed
