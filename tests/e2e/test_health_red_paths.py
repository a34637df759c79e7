"""The red checks not turned red elsewhere, against the real stack at their default thresholds:
fallbacks, failed windows, dead letters and failed updates injected in the record; and consumer
lag from a real fault, a decision service stopped while the gateway keeps taking requests, which
turns green again once the restarted service has caught up; and a database server near its
connection limit, from connections really held. (db_pool is not here: the trainer's own pool
cannot be filled from outside it; tests/component/trainer/test_deployment_health.py grades an
overflowing pool.)"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.e2e.test_study_health import Watcher
from tests.support.api import Api
from tests.support.monitored import monitored
from tests.support.records import written
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e


@pytest.fixture
def api(stack: Stack, tmp_path: Path) -> Iterator[Api]:
    # Default thresholds everywhere but justin's consumer lag (red from 10,000 messages).
    lag = {"justin": {"checks": {"consumer_lag": {"yellow": 2, "red": 4}}}}
    client = monitored(stack, tmp_path, lag, services=("gateway", "decision", "trainer"))
    yield client
    client.http.close()


def test_fallbacks_failed_windows_dead_letters_and_failed_updates_turn_red_by_default(
    api: Api, stack: Stack
) -> None:
    watcher = Watcher(api)
    user = api.add_justin_user()
    # Five decisions of the last hour, four of them the fallback (red from a share of 0.2).
    for index in range(5):
        written(
            stack,
            "INSERT INTO decisions (study_id, participant_id, decision_index, request_id, "
            "event_id, seed, action, probability, policy_version, algorithm, state, context, "
            "recent_rewards, fallback, fallback_reason, decided_at, decided_by, logged_at) "
            "VALUES ('justin', :p, :i, gen_random_uuid(), gen_random_uuid(), 1, 0, 0.5, 1, "
            "'test', '[]', '{}', '[]', :fallback, :reason, now() - interval '1 hour', "
            "'decision-test', now())",
            p=user,
            i=index,
            fallback=index > 0,
            reason="state_error" if index > 0 else None,
        )
    # Twenty windows whose pull failed (red from 20).
    participant = api.register_miwaves()
    written(
        stack,
        "INSERT INTO windows (study_id, participant_id, decision_index, start_time, end_time, "
        "status, reason, attempts, records) SELECT 'miwaves', :p, i, now() - interval '2 hours', "
        "now() - interval '1 hour', 'failed', 'backend answered 500', 3, 0 "
        "FROM generate_series(100, 119) AS i",
        p=participant,
    )
    # Ten dead letters naming justin, none re-driven (red from 10).
    written(
        stack,
        "INSERT INTO dead_letters (event_id, source_topic, service, reason, payload, study_id) "
        "SELECT gen_random_uuid(), 'injected', 'decision', 'not an ActionRequested', "
        "'{}'::json, 'justin' FROM generate_series(1, 10)",
    )
    # Three updates that failed this week (red from 3).
    written(
        stack,
        "INSERT INTO update_requests (update_id, study_id, requested_at, status, reason, "
        "finished_at) SELECT gen_random_uuid(), 'justin', now() - interval '1 day', 'failed', "
        "'injected', now() - interval '1 day' FROM generate_series(1, 3)",
    )

    fallback = watcher.check("justin", "fallback_rate", "red")
    assert fallback["value"] == pytest.approx(0.8) and fallback["threshold"] == 0.2
    assert fallback["evidence"] == "4 of 5 decisions in the last day (state_error: 4)"
    failed = watcher.check("miwaves", "failed_windows", "red")
    assert failed["value"] == 20 and failed["threshold"] == 20
    assert failed["evidence"].startswith("GET /v1/studies/miwaves/windows/failed; oldest failed")
    letters = watcher.check("justin", "dead_letters", "red")
    assert letters["value"] == 10 and letters["threshold"] == 10
    updates = watcher.check("justin", "update_failures", "red")
    assert updates["value"] == 3 and "status = 'failed'" in updates["evidence"]
    # Each opened an incident of its study.
    opened = {i["check"] for i in watcher.incidents("justin", "open=true")}
    assert {"fallback_rate", "dead_letters", "update_failures"} <= opened
    assert "failed_windows" in {i["check"] for i in watcher.incidents("miwaves", "open=true")}


def test_a_stopped_decision_service_shows_as_consumer_lag_until_it_has_caught_up(
    api: Api, stack: Stack
) -> None:
    watcher = Watcher(api)
    user = api.add_justin_user()
    answered = api.justin_action(user, 0)
    assert answered.status_code == 201 and answered.json()["fallback"] is False, answered.text
    group = f"{stack.namespace}.decision"
    # The decision group has committed past that request: nothing behind.
    committed = watcher.check("justin", "consumer_lag", "green")
    assert committed["evidence"].startswith("largest: ")

    stack.stop("decision")
    for index in range(1, 6):  # each answered by the gateway's fallback after its time-out
        assert api.justin_action(user, index).json()["fallback"] is True
    behind = watcher.check("justin", "consumer_lag", "red")
    assert behind["value"] >= 5 and behind["threshold"] == 4
    assert behind["evidence"].startswith(f"largest: {group} ")
    assert "consumer_lag" in {i["check"] for i in watcher.incidents("justin", "open=true")}

    stack.start("decision")
    caught_up = watcher.check("justin", "consumer_lag", "green")
    assert caught_up["value"] < 2
    assert "consumer_lag" not in {i["check"] for i in watcher.incidents("justin", "open=true")}


@pytest.mark.outage  # holds most of the server's connections: nothing else may run meanwhile
def test_a_database_server_near_its_connection_limit_turns_db_connections_red(
    api: Api, stack: Stack
) -> None:
    watcher = Watcher(api)
    before = watcher.check("justin", "db_connections", "green")
    assert before["threshold"] == 0.8 and "of max_connections" in before["evidence"]
    engine = create_engine(stack.database_url, poolclass=NullPool)
    with engine.connect() as conn:
        limit = int(conn.execute(text("SHOW max_connections")).scalar_one())
    # Held until the next evaluation, they put the server past 90% of its limit (red), whatever
    # the services hold besides; some stay free for the services' own pools.
    held = math.ceil(0.93 * limit) - round(before["value"] * limit)
    with ExitStack() as holding:
        for _ in range(held):
            holding.enter_context(engine.connect()).execute(text("SELECT 1"))
        full = watcher.check("justin", "db_connections", "red")
        assert full["value"] >= 0.9 and full["threshold"] == 0.9
        assert "db_connections" in {i["check"] for i in watcher.incidents("justin", "open=true")}
    freed = watcher.check("justin", "db_connections", "green")
    assert freed["value"] < 0.8
    assert "db_connections" not in {i["check"] for i in watcher.incidents("justin", "open=true")}
    engine.dispose()
