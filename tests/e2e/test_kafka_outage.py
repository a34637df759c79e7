"""Kafka away, or a process dying between its commit and its publish: the action route still
answers with the study's fallback, stored in the record, and the sweepers put whatever was
stored on the log; nothing is answered or stored that never reaches the log."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import AIOKafkaConsumer
from sqlalchemy import create_engine, text

from rlkernel.events import ObservationIngested
from rlkernel.topics import Topics
from tests.support.api import Api, wait_ready
from tests.support.infra import Infra
from tests.support.records import rows
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.outage]

DECISION_OF = "SELECT rid, fallback, logged_at FROM decisions WHERE participant_id = :p"
OBSERVATION = "SELECT reward, published_at FROM observations WHERE id = :i"


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
        assert answer.status_code == 201, answer.text
        body = answer.json()
        assert body["fallback"] is True and body["action_prob"] == 0.5
        [row] = rows(stack, DECISION_OF, p=user)
        assert (row.rid, row.fallback, row.logged_at) == (body["rid"], True, None)
    finally:
        infra.start("kafka")
    logged = wait_for(
        lambda: rows(stack, DECISION_OF, p=user),
        lambda found: found[0].logged_at is not None,
        90,
        "the sweeper puts the fallback on the log",
    )
    assert [(r.rid, r.fallback) for r in logged] == [(body["rid"], True)], "one decision, logged"
    again = api.justin_action(user, 0).json()
    assert {k: again[k] for k in ("rid", "seed", "action")} == {
        k: body[k] for k in ("rid", "seed", "action")
    }


async def observations_on_log(stack: Stack) -> list[ObservationIngested]:
    topic = Topics(stack.namespace).observations_ingested
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=stack.kafka, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        batches = await consumer.getmany(timeout_ms=2000)
        return [
            ObservationIngested.model_validate_json(m.value or b"")
            for messages in batches.values()
            for m in messages
        ]
    finally:
        await consumer.stop()


def test_an_observation_committed_but_never_published_is_published_by_the_sweeper(
    stack: Stack,
) -> None:
    """As if ingest died between its commit and its publish: the row says not published."""
    stack.start("ingest", UNLOGGED_AFTER_SECONDS="1", SWEEP_EVERY_SECONDS="0.5")
    engine = create_engine(stack.database_url)
    with engine.begin() as conn:
        observation_id = conn.execute(
            text(
                "INSERT INTO observations (study_id, participant_id, decision_index, rid, source,"
                " record, reward) VALUES ('justin', 'p-orphan', 0, 424242, 'upload',"
                " CAST('{}' AS json), 2.0) RETURNING id"
            )
        ).scalar_one()
    engine.dispose()
    wait_for(
        lambda: asyncio.run(observations_on_log(stack)),
        lambda events: any(e.observation_id == observation_id for e in events),
        90,
        "the orphaned observation on observations.ingested",
    )
    [row] = wait_for(
        lambda: rows(stack, OBSERVATION, i=observation_id),
        lambda found: found[0].published_at is not None,
        30,
        "the observation marked published",
    )
    assert row.reward == 2.0
