"""Every service's /metrics against the real stack: decisions by study and outcome, the action
route's requests by template and status, consumer lag per group and topic, the served policy,
and dead letters whose study no study file has, under `unknown`."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from functools import partial

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from prometheus_client.parser import text_string_to_metric_families

from rlkernel.events import ActionRequested
from rlkernel.topics import Topics
from rlservice.deployment import free_port
from tests.support.api import Api, wait_ready
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
SERVICES = ("gateway", "decision", "ingest", "trainer")
Series = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(port: int) -> Series:
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(series: Series, name: str, **labels: str) -> float | None:
    return series.get((name, frozenset(labels.items())))


@pytest.fixture
def ports(stack: Stack) -> dict[str, int]:
    """The four services running, each with its metrics port, lag measured every second."""
    chosen = {name: free_port() for name in SERVICES}
    for name in SERVICES:
        stack.start(name, METRICS_PORT=str(chosen[name]), CONSUMER_LAG_EVERY_SECONDS="1")
    wait_ready(stack)
    return chosen


def test_decisions_requests_and_lag_are_counted_by_study(
    stack: Stack, ports: dict[str, int]
) -> None:
    api = Api(stack)
    users = [api.add_justin_user() for _ in range(3)]
    for user in users:
        assert api.justin_action(user, 0).status_code == 201
    assert api.justin_action(users[0], 0).status_code == 201  # a retry: answered, not decided

    decision = scrape(ports["decision"])
    assert value(decision, "rls_decisions_total", study="justin", outcome="policy") == 3
    assert value(decision, "rls_decision_treatment_probability_count", study="justin") == 3
    assert value(decision, "rls_decisions_total", study="justin", outcome="fallback") is None
    action = {"route": "/api/v1/action", "method": "POST", "status": "201", "study": "justin"}
    assert value(scrape(ports["gateway"]), "rls_http_request_seconds_count", **action) == 4

    topics = Topics(stack.namespace)
    lag = {
        "decision": (topics.group("decision"), topics.actions_requested),
        "ingest": (topics.group("ingest"), topics.windows_closed),
        "trainer": (topics.group("trainer"), topics.observations_ingested),
    }
    for service, (group, topic) in lag.items():
        wait_for(
            partial(lag_of, ports[service], group, topic),
            lambda messages: messages == 0,
            30,
            f"{service}'s lag on {topic}, all consumed",
        )


def lag_of(port: int, group: str, topic: str) -> float | None:
    return value(scrape(port), "rls_consumer_lag_messages", group=group, topic=topic)


async def publish_request(stack: Stack, request: ActionRequested) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=stack.kafka)
    await producer.start()
    try:
        topic = Topics(stack.namespace).actions_requested
        await producer.send_and_wait(topic, request.model_dump_json().encode())
    finally:
        await producer.stop()


def test_a_request_of_a_study_no_file_has_is_a_dead_letter_of_study_unknown(
    stack: Stack, ports: dict[str, int]
) -> None:
    request = ActionRequested(
        request_id=uuid.uuid4(),
        reply_to=Topics(stack.namespace).replies("nobody"),
        study_id=f"made-up-{uuid.uuid4().hex[:6]}",
        participant_id="p-1",
        decision_index=0,
        context={},
        requested_at=datetime.now(UTC),
    )
    asyncio.run(publish_request(stack, request))
    letters = {
        "service": "decision",
        "topic": Topics(stack.namespace).actions_requested,
        "study": "unknown",
    }
    wait_for(
        lambda: value(scrape(ports["decision"]), "rls_dead_letters_total", **letters),
        lambda count: count == 1,
        30,
        "the dead letter counted under study unknown",
    )
    # The trainer put every study's served version in Redis at its start, and says which.
    trainer = wait_for(
        lambda: scrape(ports["trainer"]),
        lambda series: value(series, "rls_policy_version", study="justin") == 1,
        30,
        "the trainer's served version of justin",
    )
    age = value(trainer, "rls_policy_age_seconds", study="justin")
    assert age is not None and 0 <= age < 600
    assert value(trainer, "rls_policy_update_period_seconds", study="miwaves") == 86_400
