"""Dead letters against the real stack: a poison message stops nothing, and a dead letter whose
cause was fixed is re-driven and processed exactly once."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner

from rlkernel.events import ActionRequested
from rlkernel.kafka import ensure_topics
from rlkernel.topics import Topics
from tests.support.api import Api, new_id
from tests.support.progress import wait_consumed
from tests.support.records import rows
from tests.support.stack import Stack
from tests.support.studies import write_studies

pytestmark = pytest.mark.e2e
BEYOND_INT32 = 2**31  # fits the event, not the decisions table's integer column
# Every decision of this study is action 1 with probability 1: an upload can match a decision
# before it is made.
CERTAIN = {
    "id": "certain",
    "name": "Always treat",
    "schedule": {"kind": "client_indexed"},
    "fallback_probability": 1.0,
    "context": {"temperature": {"type": "float"}},
    "reward": "default(outcome.clicks, 0)",
    "state": {"intercept": "1", "temperature": "temperature"},
    "algorithm": {
        "name": "flat",
        "clip": {"low": 1.0, "high": 1.0},
        "priors": {"probability": 1.0},
    },
    "update": {"posterior": "never", "hyperparameters": "never"},
}


@pytest.fixture
def api(stack: Stack, tmp_path: Path) -> Iterator[Api]:
    studies = write_studies(tmp_path / "studies", "http://127.0.0.1:9")
    (studies / "certain.yaml").write_text(yaml.safe_dump(CERTAIN))
    stack.extra_env["STUDIES_DIR"] = str(studies)
    for service in ("gateway", "decision", "ingest"):
        stack.start(service)
    stack.wait_until(
        lambda r: (
            r.get("dependencies", {}).get("kafka", {}).get("status") == "ok"
            and all(r["services"][s]["status"] == "ok" for s in ("decision", "ingest"))
        ),
        60,
        "gateway, decision and ingest",
    )
    client = Api(stack)
    yield client
    client.http.close()


def letters(api: Api, **filters: str) -> list[dict[str, Any]]:
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    response = api.get(f"/v1/dead-letters?{query}", token=api.admin_token)
    assert response.status_code == 200, response.text
    return list(response.json()["dead_letters"])


def wait_letter(api: Api, key: str, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while not (found := [d for d in letters(api) if d["key"] == key]):
        assert time.monotonic() < deadline, f"no dead letter for {key} within {timeout}s"
        time.sleep(0.2)
    [letter] = found
    return letter


def partition_of(key: str, partitions: int = 4) -> int:
    """The partition Kafka's default partitioner puts this key's messages on."""
    every = list(range(partitions))
    return int(DefaultPartitioner()(key.encode(), every, every))


async def publish_request(stack: Stack, request: ActionRequested, partition: int) -> None:
    """Straight onto the topic, as a gateway that let it through would have."""
    producer = AIOKafkaProducer(bootstrap_servers=stack.kafka)
    await producer.start()
    try:
        topic = Topics(stack.namespace).actions_requested
        value, key = request.model_dump_json().encode(), request.participant_id.encode()
        await producer.send_and_wait(topic, value, key=key, partition=partition)
    finally:
        await producer.stop()


def test_a_poison_request_is_dead_lettered_and_later_decisions_are_still_made(
    api: Api, stack: Stack
) -> None:
    poisoned, later = api.add_justin_user(), api.add_justin_user()
    topics = Topics(stack.namespace)
    asyncio.run(ensure_topics(stack.settings(), [topics.reply_spec("poison-test")]))
    poison = ActionRequested(
        request_id=uuid.uuid4(),
        reply_to=topics.replies("poison-test"),
        study_id="justin",
        participant_id=poisoned,
        decision_index=BEYOND_INT32,
        context={"temperature": 20.0},
        requested_at=datetime.now(UTC),
    )
    partition = partition_of(later)  # the later request shares the poison's partition
    asyncio.run(publish_request(stack, poison, partition))
    letter = wait_letter(api, poisoned)
    assert letter["source_topic"] == topics.actions_requested
    assert letter["partition"] == partition and isinstance(letter["offset"], int)
    assert "integer out of range" in letter["reason"]
    whole = api.get(f"/v1/dead-letters/{letter['id']}", token=api.admin_token).json()
    assert whole["payload"]["decision_index"] == BEYOND_INT32
    assert whole["payload"]["event_id"] == str(poison.event_id)

    decided = api.justin_action(later, 0).json()
    assert decided["fallback"] is False  # answered by the decision service: it moved on
    wait_consumed(stack, "actions_requested", "decision")  # committed past the poison
    stored = rows(stack, "SELECT rid FROM decisions WHERE participant_id = :p", p=later)
    assert [r.rid for r in stored] == [decided["rid"]]
    assert rows(stack, "SELECT 1 FROM decisions WHERE participant_id = :p", p=poisoned) == []


def test_a_dead_letter_whose_cause_was_fixed_is_redriven_and_processed_exactly_once(
    api: Api, stack: Stack
) -> None:
    user = new_id()
    registered = api.post("/v1/studies/certain/participants", {"participant_id": user})
    assert registered.status_code == 201, registered.text
    record = {"context": {"temperature": 20.0}, "action": 1, "action_prob": 1.0}
    uploaded = api.post(
        f"/v1/studies/certain/participants/{user}/decisions/3/data",
        record | {"outcome": {"clicks": 2}},
    )
    assert uploaded.status_code == 202, uploaded.text
    letter = wait_letter(api, user)  # no decision 3 yet: it answers no decision of ours
    assert "answers no decision" in letter["reason"]
    assert letter["source_topic"] == Topics(stack.namespace).data_uploaded
    assert isinstance(letter["partition"], int) and isinstance(letter["offset"], int)

    made = api.post(
        "/v1/studies/certain/actions",
        {"participant_id": user, "context": {"temperature": 20.0}, "decision_index": 3},
    )
    assert made.status_code == 200, made.text
    assert (made.json()["action"], made.json()["probability"]) == (1, 1.0)
    redriven = api.post(f"/v1/dead-letters/{letter['id']}/redrive", {}, token=api.admin_token)
    assert redriven.status_code == 202, redriven.text
    assert redriven.json()["redriven_by"].startswith("api:")
    again = api.post(f"/v1/dead-letters/{letter['id']}/redrive", {}, token=api.admin_token)
    assert again.status_code == 409 and again.json()["code"] == "already_redriven"

    wait_consumed(stack, "data_uploaded", "ingest-upload")  # the re-driven upload was handled
    observations = rows(
        stack, "SELECT decision_index, reward FROM observations WHERE participant_id = :p", p=user
    )
    assert [(o.decision_index, o.reward) for o in observations] == [(3, 2.0)]
    assert [d["id"] for d in letters(api) if d["key"] == user] == [letter["id"]]  # no new one
    missing = api.post("/v1/dead-letters/999999999/redrive", {}, token=api.admin_token)
    assert missing.status_code == 404 and missing.json()["code"] == "dead_letter_not_found"


def test_dead_letters_are_for_admins_and_listed_within_bounds(api: Api) -> None:
    assert api.get("/v1/dead-letters").status_code == 403  # a client's token
    assert api.get("/v1/dead-letters?limit=0", token=api.admin_token).status_code == 422
    assert api.get("/v1/dead-letters?limit=1001", token=api.admin_token).status_code == 422
    assert letters(api, service="ingest", limit="5") == []
