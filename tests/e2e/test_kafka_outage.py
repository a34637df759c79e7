"""Kafka away: the action route still answers with the study's fallback, stored in the record,
and the sweeper puts it on the log once Kafka is back; nothing is answered that is not stored."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.support.api import Api, wait_ready
from tests.support.infra import Infra
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e


def decision_rows(stack: Stack, user: str) -> list[Any]:
    engine = create_engine(stack.database_url)
    with engine.connect() as conn:
        found = list(
            conn.execute(
                text("SELECT rid, fallback, logged_at FROM decisions WHERE participant_id = :p"),
                {"p": user},
            )
        )
    engine.dispose()
    return found


def test_with_kafka_down_the_fallback_is_stored_answered_and_logged_later(
    stack: Stack, infra: Infra
) -> None:
    stack.start("gateway", DECISION_TIMEOUT_SECONDS="1")
    stack.start("decision", UNLOGGED_AFTER_SECONDS="1", SWEEP_EVERY_SECONDS="0.5")
    wait_ready(stack)
    api = Api(stack)
    user = api.add_justin_user()
    infra.stop("kafka")
    try:
        answer = api.justin_action(user, 0)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["fallback"] is True and body["action_prob"] == 0.5
        [row] = decision_rows(stack, user)
        assert (row.rid, row.fallback, row.logged_at) == (body["rid"], True, None)
    finally:
        infra.start("kafka")
    rows = wait_for(
        lambda: decision_rows(stack, user),
        lambda found: found[0].logged_at is not None,
        90,
        "the sweeper puts the fallback on the log",
    )
    assert [(r.rid, r.fallback) for r in rows] == [(body["rid"], True)], "one decision, logged"
    again = api.justin_action(user, 0).json()
    assert {k: again[k] for k in ("rid", "seed", "action")} == {
        k: body[k] for k in ("rid", "seed", "action")
    }
