"""The action path against the real stack: one decision per slot, whatever happens."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.support.api import MIWAVES_ACTION, Api, wait_ready
from tests.support.progress import wait_consumed
from tests.support.records import rows as stored
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
SAME = ("rid", "seed", "action", "action_prob", "policy_id")


def two_replicas(report: dict[str, Any]) -> bool:
    decision = report.get("services", {}).get("decision", {})
    return bool(decision.get("instances") == 2 and decision.get("status") == "ok")


def wait_stored(stack: Stack, participant: str, count: int, timeout: float = 30) -> list[Any]:
    deadline = time.monotonic() + timeout
    while True:
        rows = stored(
            stack,
            "SELECT rid, decision_index, fallback, seed, action, probability "
            "FROM decisions WHERE participant_id = :p",
            p=participant,
        )
        if len(rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def wait_stored_many(stack: Stack, users: list[str], timeout: float = 30) -> list[Any]:
    deadline = time.monotonic() + timeout
    while True:
        rows = stored(
            stack,
            "SELECT participant_id, rid, decided_by, fallback FROM decisions "
            "WHERE participant_id IN (SELECT unnest(CAST(:u AS text[])))",
            u=users,
        )
        if len(rows) >= len(users) or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def test_a_retry_gets_the_identical_decision_and_one_row_is_stored(api: Api, stack: Stack) -> None:
    user = api.add_justin_user()
    first = api.justin_action(user, 0).json()
    again = api.justin_action(user, 0, temperature=99).json()  # a retry cannot re-randomize
    assert {k: again[k] for k in SAME} == {k: first[k] for k in SAME}
    assert first["seed"] >= 2**32  # 63 bits wide, not a small range (true with p ~ 1 - 2^-31)
    rows = wait_stored(stack, user, 1)
    assert [(r.rid, r.seed) for r in rows] == [(first["rid"], first["seed"])]


def test_different_slots_get_different_seeds(api: Api) -> None:
    user = api.add_justin_user()
    seeds = {api.justin_action(user, i).json()["seed"] for i in range(5)}
    assert len(seeds) == 5


def test_simultaneous_requests_for_one_slot_get_one_decision(api: Api, stack: Stack) -> None:
    user = api.add_justin_user()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: api.justin_action(user, 3).json(), range(16)))
    assert len({tuple(a[k] for k in SAME) for a in answers}) == 1
    wait_consumed(stack, "actions_requested", "decision")
    assert len(wait_stored(stack, user, 1)) == 1


def test_two_decision_replicas_share_the_load_and_agree(stack: Stack) -> None:
    stack.start("gateway")
    stack.start("decision", "a")
    stack.start("decision", "b")
    stack.wait_until(two_replicas, 60, "two decision replicas")
    api = Api(stack)
    deciders: set[str] = set()
    deadline = time.monotonic() + 60
    # The group rebalances while the second replica joins: ask in rounds until both answer.
    while len(deciders) < 2 and time.monotonic() < deadline:
        users = [api.add_justin_user() for _ in range(12)]
        with ThreadPoolExecutor(8) as pool:
            first = list(pool.map(lambda u: api.justin_action(u, 0).json(), users))
            again = list(pool.map(lambda u: api.justin_action(u, 0).json(), users))
        assert [{k: a[k] for k in SAME} for a in first] == [{k: a[k] for k in SAME} for a in again]
        rows = wait_stored_many(stack, users)
        deciders |= {r.decided_by for r in rows if not r.fallback}
    assert len(deciders) == 2, deciders


def test_a_time_out_falls_back_and_a_late_reply_adds_no_second_decision(stack: Stack) -> None:
    stack.start("gateway", DECISION_TIMEOUT_SECONDS="0.3")
    stack.wait_until(
        lambda r: r.get("dependencies", {}).get("kafka", {}).get("status") == "ok",
        60,
        "gateway connected to kafka",
    )
    api = Api(stack)
    user = api.add_justin_user()
    fallback = api.justin_action(user, 0).json()
    assert fallback["fallback"] is True and fallback["action_prob"] == 0.5
    stack.start("decision")  # now the decision service sees the old request: a late reply
    wait_ready(stack)
    wait_consumed(stack, "actions_requested", "decision")  # the late reply was made...
    rows = wait_stored(stack, user, 1)
    assert [(r.rid, r.fallback) for r in rows] == [(fallback["rid"], True)]
    assert {k: api.justin_action(user, 0).json()[k] for k in SAME} == {k: fallback[k] for k in SAME}


def test_killing_a_replica_mid_load_loses_no_accepted_request(stack: Stack) -> None:
    stack.start("gateway")
    stack.start("decision", "a")
    victim = stack.start("decision", "b")
    stack.wait_until(two_replicas, 60, "two decision replicas")
    api = Api(stack)
    users = [api.add_justin_user() for _ in range(40)]

    def ask(user: str) -> dict[str, Any]:
        response = api.justin_action(user, 0)
        assert response.status_code == 201, response.text
        return dict(response.json())

    with ThreadPoolExecutor(8) as pool:
        pending = [pool.submit(ask, u) for u in users]
        time.sleep(0.3)
        os.kill(victim.pid, signal.SIGKILL)
        answers = [p.result() for p in pending]
    stack.procs.pop("decision-b")
    assert len(answers) == len(users)
    rows = wait_stored_many(stack, users, timeout=60)
    assert sorted((r.participant_id, r.rid) for r in rows) == sorted(
        (u, a["rid"]) for u, a in zip(users, answers, strict=True)
    )


def test_a_miwaves_client_gets_every_documented_field(api: Api) -> None:
    user = api.register_miwaves()
    body = api.post("/actions", {"user_id": user, **MIWAVES_ACTION}).json()
    assert set(body) >= {
        "status",
        "action",
        "seed",
        "act_prob",
        "policy_id",
        "decision_index",
        "act_gen_timestamp",
        "rid",
    }
    assert body["status"] == "success" and body["decision_index"] == 0
    assert 0.2 <= body["act_prob"] <= 0.8 and body["action"] in (0, 1)


def test_the_first_action_starts_a_participant_and_the_last_completes_them(
    api: Api, stack: Stack
) -> None:
    first = api.register_miwaves()
    last = api.register_miwaves(days_ago=29, evening_from=1)
    assert api.post("/actions", {"user_id": first, **MIWAVES_ACTION}).status_code == 200
    final = api.post("/actions", {"user_id": last, **MIWAVES_ACTION}).json()
    assert final["decision_index"] == 59
    expected = {first: "STARTED", last: "COMPLETED_AWAITING_REVIEW"}
    status = wait_for(
        lambda: {
            r.participant_id: r.status
            for r in stored(
                stack,
                "SELECT participant_id, status FROM participants WHERE participant_id IN (:a, :b)",
                a=first,
                b=last,
            )
        },
        lambda found: found == expected,
        30,
        "the life-cycle moved on",
    )
    assert status == {first: "STARTED", last: "COMPLETED_AWAITING_REVIEW"}
    again = api.post("/actions", {"user_id": last, **MIWAVES_ACTION})
    assert again.status_code == 409 and again.json()["code"] == "participant_not_active"
