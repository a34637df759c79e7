"""`rlservice simulate` end to end: a small study through every real service, then replayed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from rlservice.launcher import STATE_DIR
from tests.support.infra import Infra

pytestmark = pytest.mark.e2e


def test_a_short_simulated_study_runs_through_the_services_and_replays_exactly(
    infra: Infra,
) -> None:
    before = (
        set((STATE_DIR / "simulations").glob("*"))
        if (STATE_DIR / "simulations").exists()
        else set()
    )
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": infra.kafka,
        "REDIS_URL": infra.redis_url,
        "DATABASE_URL": infra.database_url,
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rlservice",
            "simulate",
            "--participants",
            "6",
            "--days",
            "3",
            "--seconds",
            "20",
            "--seed",
            "3",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [folder] = set((STATE_DIR / "simulations").glob("*")) - before
    results = json.loads((folder / "results.json").read_text())
    assert results["decisions"] > 6 * 3  # everyone decided in most of their windows
    assert results["replay_mismatches"] == 0
    assert results["policy_versions"] >= 2  # the trainer updated on its daily schedule
    assert (
        0.2
        <= min(results["mean_probability_by_day"])
        <= max(results["mean_probability_by_day"])
        <= 0.8
    )
    assert all(
        (folder / name).stat().st_size > 1000
        for name in ("probability_by_day.png", "cumulative_reward.png", "effects.png")
    )
    assert "simulation summary" in done.stdout
