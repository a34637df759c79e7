"""The health checks added for allocation, burden, EMA missingness, update latency and the
deployment against the real stack: faults injected in the record (a participant never treated,
a day's decisions all treated, windows closed without data, an update request left waiting for
hours) turn theirs yellow or red; the deployment-wide ones are measured by the trainer
and graded by each study's own thresholds (miwaves' set low here, so its disk and memory are
red), with the same value under every study."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_study_health import Watcher
from tests.support.api import Api
from tests.support.monitored import monitored
from tests.support.records import written
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e
LOW = {"disk_used": {"yellow": 0.00001, "red": 0.00002}, "memory_rss": {"yellow": 0.5, "red": 1}}


@pytest.fixture
def api(stack: Stack, tmp_path: Path) -> Iterator[Api]:
    client = monitored(
        stack,
        tmp_path,
        {"miwaves": {"checks": LOW, "burden": {"floor": 1}}},
        MONITORING_DISK_PATHS=str(tmp_path),
    )
    yield client
    client.http.close()


def test_missing_outcomes_a_waiting_update_and_a_full_disk_turn_their_checks_red(
    api: Api, stack: Stack
) -> None:
    watcher = Watcher(api)
    participant = api.register_miwaves(days_ago=1)
    for index in range(3):  # closed in the last hour, pulled with no record
        written(
            stack,
            "INSERT INTO windows (study_id, participant_id, decision_index, start_time, "
            "end_time, status, attempts, records) VALUES ('miwaves', :p, :i, "
            "now() - interval '2 hours', now() - interval '1 hour', 'pulled', 1, 0)",
            p=participant,
            i=index,
        )
    written(
        stack,
        "INSERT INTO update_requests (update_id, study_id, requested_at, status) VALUES "
        "(gen_random_uuid(), 'miwaves', now() - interval '3 hours', 'processing')",
    )

    # A participant of eight days never treated (under the floor of one a week), and yesterday's
    # justin decisions all treated at p = 0.95 (above the default bounds of both checks).
    written(
        stack,
        "UPDATE participants SET created_at = now() - interval '8 days' "
        "WHERE study_id = 'miwaves' AND participant_id = :p",
        p=participant,
    )
    user = api.add_justin_user()
    for index in range(12):
        written(
            stack,
            "INSERT INTO decisions (study_id, participant_id, decision_index, request_id, "
            "event_id, seed, action, probability, policy_version, algorithm, state, context, "
            "recent_rewards, fallback, decided_at, decided_by, logged_at) VALUES ('justin', :p, "
            ":i, gen_random_uuid(), gen_random_uuid(), 1, 1, 0.95, 1, 'test', '[]', '{}', '[]', "
            "false, date_trunc('day', now()) - interval '12 hours', 'decision-test', now())",
            p=user,
            i=index,
        )

    burden = watcher.check("miwaves", "treatment_burden", "yellow")
    assert burden["value"] == 1 and f"/participants/{participant}/" in burden["evidence"]
    assert watcher.check("justin", "mean_probability", "yellow")["value"] == 1
    assert "12 of 12" in watcher.check("justin", "treated_share", "yellow")["evidence"]

    missing = watcher.check("miwaves", "ema_missingness", "red")
    assert missing["value"] == 1 and missing["evidence"].startswith("3 of 3 windows")
    latency = watcher.check("miwaves", "update_latency", "red")
    assert 180 <= latency["value"] < 200 and latency["threshold"] == 120

    disk = watcher.check("miwaves", "disk_used", "red")
    assert (
        0 < disk["value"] < 1 and str(stack.extra_env["MONITORING_DISK_PATHS"]) in disk["evidence"]
    )
    memory = watcher.check("miwaves", "memory_rss", "red")
    assert memory["value"] > 1 and "MiB resident" in memory["evidence"]
    # The same deployment, graded by justin's default thresholds.
    justin = {c["check"]: c for c in watcher.health("justin")["checks"]}
    assert justin["memory_rss"]["threshold"] == 1024
    assert 0 < justin["disk_used"]["value"] < 1
    assert {"consumer_lag", "db_pool"} <= set(justin)
