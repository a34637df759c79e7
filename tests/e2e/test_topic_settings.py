"""`ensure_topics` against the real broker: a topic that exists with the wrong settings (a week's
retention on an audit topic, min.insync.replicas off) is corrected in place, a setting set by
hand is left alone, a replication factor below the wanted one is reported, and a new topic
with more copies than there are brokers refused: nothing is passed over."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import InvalidReplicationFactorError

from rlkernel.kafka import TopicsReport, ensure_topics
from rlkernel.settings import Settings
from rlkernel.topics import WEEK_MS, Topics
from tests.support.cleanup import delete_namespace_topics
from tests.support.infra import Infra

pytestmark = pytest.mark.e2e


@pytest.fixture
def namespace(infra: Infra) -> Iterator[str]:
    name = f"topics{uuid.uuid4().hex[:8]}"
    yield name
    delete_namespace_topics(infra.kafka, name)


async def _create_wrong(bootstrap: str, topic: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        configs = {"retention.ms": WEEK_MS, "min.insync.replicas": "2", "segment.ms": "3600000"}
        await admin.create_topics([NewTopic(topic, 4, 1, topic_configs=configs)])
    finally:
        await admin.close()


async def _configs(bootstrap: str, topic: str) -> dict[str, str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [response] = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
        [(_, _, _, _, entries, *_)] = response.resources
        return {entry[0]: entry[1] for entry in entries}
    finally:
        await admin.close()


def test_an_existing_audit_topic_is_corrected_and_a_short_replication_reported(
    infra: Infra, namespace: str
) -> None:
    decisions = Topics(namespace).decisions_made
    spec = next(s for s in Topics(namespace).specs() if s.name == decisions)
    asyncio.run(_create_wrong(infra.kafka, decisions))
    settings = Settings(kafka_bootstrap_servers=infra.kafka, rls_namespace=namespace)

    report: TopicsReport = asyncio.run(ensure_topics(settings, [spec]))

    assert report.created == [] and report.short == []
    # retention.bytes is -1 already (the broker's default), so it is not among the changes.
    assert report.corrected == {decisions: {"retention.ms": "-1", "min.insync.replicas": "1"}}
    now = asyncio.run(_configs(infra.kafka, decisions))
    assert (now["retention.ms"], now["min.insync.replicas"]) == ("-1", "1")
    assert now["segment.ms"] == "3600000"  # incremental: what we do not own stays as it was
    assert asyncio.run(ensure_topics(settings, [spec])).corrected == {}  # now as wanted

    # One broker cannot hold three copies: that is said, with what to run, never passed over.
    wanting_three = settings.model_copy(
        update={"kafka_replication_factor": 3, "kafka_min_insync_replicas": 1}
    )
    [short] = asyncio.run(ensure_topics(wanting_three, [spec])).short
    assert (short.topic, short.replicas, short.wanted) == (decisions, 1, 3)
    assert "kafka-reassign-partitions.sh" in short.advice(infra.kafka)

    # A new topic with more copies than there are brokers: Kafka's refusal is raised.
    with pytest.raises(InvalidReplicationFactorError):
        asyncio.run(ensure_topics(wanting_three, [Topics(namespace).reply_spec("gw")]))
