"""Redis is a cache that can vanish: after a FLUSHALL no decided slot is randomized again, no rid
is reused, recent rewards and revoked tokens come back from PostgreSQL."""

from __future__ import annotations

import pytest
import redis

from tests.support.api import Api
from tests.support.progress import wait_consumed
from tests.support.records import rows
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e

SAME = ("rid", "seed", "action", "action_prob")


def flush(stack: Stack) -> None:
    redis.Redis.from_url(stack.redis_url).flushall()


def test_after_a_flush_a_decided_slot_gets_its_decision_and_rids_are_not_reused(
    api: Api, stack: Stack
) -> None:
    users = [api.add_justin_user() for _ in range(3)]
    before = {u: api.justin_action(u, 0).json() for u in users}
    flush(stack)
    again = {u: api.justin_action(u, 0, temperature=99).json() for u in users}
    assert {u: {k: a[k] for k in SAME} for u, a in again.items()} == {
        u: {k: b[k] for k in SAME} for u, b in before.items()
    }
    later = api.justin_action(users[0], 1).json()
    assert later["rid"] > max(b["rid"] for b in before.values()), "no rid is reused"
    stored = rows(stack, "SELECT participant_id, count(*) AS n FROM decisions GROUP BY 1")
    assert {r.participant_id: r.n for r in stored} == {users[0]: 2, users[1]: 1, users[2]: 1}


def test_a_revoked_token_stays_revoked_after_a_flush(api: Api, stack: Stack) -> None:
    assert api.post("/auth/logout", {}).status_code == 200
    assert api.get("/v1/studies").status_code == 401
    flush(stack)
    refused = api.get("/v1/studies")
    assert refused.status_code == 401 and refused.json()["code"] == "token_revoked"


def test_after_a_flush_recent_rewards_come_back_from_the_record(api: Api, stack: Stack) -> None:
    stack.start("ingest")
    user = api.add_justin_user()
    for index in range(3):
        api.justin_action(user, index).raise_for_status()
        decided = rows(
            stack,
            "SELECT action, probability FROM decisions WHERE participant_id = :p"
            " AND decision_index = :i",
            p=user,
            i=index,
        )[0]
        upload = {
            "user_id": user,
            "timestamp": "2025-01-01T12:00:00Z",
            "decision_idx": index,
            "data": {
                "context": {"temperature": 23},
                "action": decided.action,
                "action_prob": decided.probability,
                "outcome": {"clicks": index + 1},
            },
        }
        assert api.post("/api/v1/upload_data", upload).status_code < 300
    wait_consumed(stack, "data_uploaded", "ingest-upload")
    stored_rewards = rows(
        stack,
        "SELECT reward FROM observations WHERE participant_id = :p ORDER BY decision_index",
        p=user,
    )
    assert [r.reward for r in stored_rewards] == [1.0, 2.0, 3.0]
    flush(stack)
    answer = api.justin_action(user, 3).json()
    [stored] = rows(
        stack,
        "SELECT recent_rewards FROM decisions WHERE participant_id = :p AND rid = :r",
        p=user,
        r=answer["rid"],
    )
    assert stored.recent_rewards == [1.0, 2.0, 3.0]
