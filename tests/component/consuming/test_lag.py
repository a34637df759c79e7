"""Consumer lag: per group and topic, the messages after the committed offsets of the
partitions this process holds; a partition never committed lags from its first message."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from aiokafka import TopicPartition
from prometheus_client import REGISTRY

from rlkernel.consuming.lag import measure

DECISIONS, OBSERVATIONS = "lag.decisions.made", "lag.observations.ingested"


@dataclass
class FakeConsumer:
    """aiokafka's consumer as lag reads it: what it holds, the ends, what the group committed."""

    ends: dict[TopicPartition, int]
    committed_at: dict[TopicPartition, int | None]
    starts: dict[TopicPartition, int] = field(default_factory=dict)
    topics: set[str] = field(default_factory=set)

    def subscription(self) -> set[str]:
        return self.topics

    def assignment(self) -> set[TopicPartition]:
        return set(self.committed_at)

    async def end_offsets(self, partitions: list[Any]) -> dict[Any, int]:
        return {tp: self.ends[tp] for tp in partitions}

    async def beginning_offsets(self, partitions: list[Any]) -> dict[Any, int]:
        return {tp: self.starts[tp] for tp in partitions}

    async def committed(self, partition: Any) -> int | None:
        return self.committed_at[partition]


def lag(group: str, topic: str) -> float | None:
    return REGISTRY.get_sample_value("rls_consumer_lag_messages", {"group": group, "topic": topic})


async def test_lag_is_summed_per_group_and_topic_over_the_partitions_held() -> None:
    d0, d1, o0 = (
        TopicPartition(DECISIONS, 0),
        TopicPartition(DECISIONS, 1),
        TopicPartition(OBSERVATIONS, 0),
    )
    consumer = FakeConsumer(
        ends={d0: 120, d1: 40, o0: 9},
        committed_at={d0: 100, d1: None, o0: 9},
        starts={d1: 15},  # retention removed the partition's first 15 messages
        topics={DECISIONS, OBSERVATIONS},
    )
    idle = FakeConsumer(ends={}, committed_at={}, topics={OBSERVATIONS})  # holds no partition
    broker = SimpleNamespace(
        subscribers=[
            SimpleNamespace(group_id="lag-trainer", consumer=consumer),
            SimpleNamespace(group_id="lag-ingest", consumer=idle),
            SimpleNamespace(group_id=None, consumer=consumer),  # a broadcast: no group
            SimpleNamespace(group_id="lag-stopped", consumer=None),  # not started
        ]
    )
    await measure(broker)
    assert lag("lag-trainer", DECISIONS) == 20 + 25
    assert lag("lag-trainer", OBSERVATIONS) == 0
    assert lag("lag-ingest", OBSERVATIONS) == 0
    assert lag("lag-stopped", DECISIONS) is None

    consumer.committed_at[d0] = 120  # caught up
    await measure(broker)
    assert lag("lag-trainer", DECISIONS) == 25
