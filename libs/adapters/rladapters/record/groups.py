"""Where each of a namespace's consumer groups stands, copied out and put back.

A restored deployment whose services started their groups afresh would read every audit topic
from its beginning again (new groups start at the earliest offset): the trainer would count old
observations towards new updates, the decision service would answer requests long answered.
So a backup keeps each group's committed offsets, and a restore commits them again. A loaded
topic numbers its records from 0 (offsets may differ from the original's), so an offset is kept
as a position: how many of the copied records of that partition come before it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import OffsetAndMetadata

from rladapters.record.topics import TopicRecord
from rlkernel.kafka_connection import client_options
from rlkernel.settings import Settings

# group (within the namespace) -> topic (within the namespace) -> partition -> committed offset
GroupOffsets = dict[str, dict[str, dict[int, int]]]


async def read_group_offsets(settings: Settings, names: Sequence[str]) -> GroupOffsets:
    """The committed offsets of the namespace's groups on the topics `names` (within it)."""
    prefix = f"{settings.rls_namespace}."
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        groups = sorted(g for g, _ in await admin.list_consumer_groups() if g.startswith(prefix))
        found: GroupOffsets = {}
        for group in groups:
            offsets = await admin.list_consumer_group_offsets(group)
            for tp, committed in offsets.items():
                topic = tp.topic.removeprefix(prefix)
                if topic in names and committed.offset >= 0:
                    mine = found.setdefault(group.removeprefix(prefix), {})
                    mine.setdefault(topic, {})[tp.partition] = committed.offset
        return found
    finally:
        await admin.close()


def as_positions(offsets: Mapping[int, int], records: Sequence[TopicRecord]) -> dict[int, int]:
    """Each partition's committed offset as the number of copied records before it."""
    copied: dict[int, list[int]] = {}
    for r in records:  # by partition then offset, as dump_topic gives them
        copied.setdefault(r.partition, []).append(r.offset)
    return {p: bisect_left(copied.get(p, []), offset) for p, offset in offsets.items()}


async def commit_group_offsets(settings: Settings, positions: GroupOffsets) -> None:
    """Commits each group's positions in this namespace's (freshly loaded) topics."""
    prefix = f"{settings.rls_namespace}."
    for group, topics in sorted(positions.items()):
        consumer = AIOKafkaConsumer(
            **client_options(settings),
            group_id=prefix + group,
            enable_auto_commit=False,
        )
        await consumer.start()
        try:
            commit = {
                TopicPartition(prefix + topic, p): OffsetAndMetadata(position, "")
                for topic, parts in topics.items()
                for p, position in parts.items()
            }
            consumer.assign(list(commit))
            await consumer.commit(commit)
        finally:
            await consumer.stop()
