"""Proof that the pipeline has moved past a point: a consumer group has committed every message
that was on a topic when we asked.

A "nothing happened" check that sleeps first passes when the unwanted write is merely slow.
Consumers commit their offsets only after their writes, so once a group's committed offsets
reach the ends the topic had at a moment, everything published before that moment has been
processed, and whatever it would have written is written.
"""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from rlkernel.topics import Topics
from tests.support.stack import Stack


async def _ends(bootstrap: str, topic: str) -> dict[TopicPartition, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    partitions = [TopicPartition(topic, p["partition"]) for p in described["partitions"]]
    assert partitions, f"topic {topic} has no partitions: nothing to wait for is not proof"
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
        return ends
    finally:
        await consumer.stop()


async def _committed(bootstrap: str, group: str) -> dict[TopicPartition, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
        return {tp: meta.offset for tp, meta in offsets.items()}
    finally:
        await admin.close()


def wait_consumed(stack: Stack, topic_attr: str, service_group: str, timeout: float = 60) -> None:
    """Until `service_group` (e.g. "decision") has processed everything on the topic
    (a `Topics` attribute, e.g. "actions_requested") that was there when this was called."""
    topics = Topics(stack.namespace)
    topic, group = getattr(topics, topic_attr), topics.group(service_group)
    ends = asyncio.run(_ends(stack.kafka, topic))
    deadline = time.monotonic() + timeout
    while True:
        committed = asyncio.run(_committed(stack.kafka, group))
        behind = {tp: end for tp, end in ends.items() if end > committed.get(tp, 0)}
        if not behind:
            return
        assert time.monotonic() < deadline, f"{group} still behind on {topic}: {behind}"
        time.sleep(0.1)
