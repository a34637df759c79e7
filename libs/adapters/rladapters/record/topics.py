"""A topic's records taken out of Kafka and put back: a backup's and an archive's copy of the
audit log.

`dump_topic` reads a snapshot: from each partition's first offset up to the end offsets taken
when it starts, so events published meanwhile are left for the next snapshot. `load_topic`
produces records back into an empty topic, each into its own partition in offset order, so
every partition's order (what consumers and replay rely on) is the original one; the offsets
themselves may differ. As a file, one JSON object a line, keys, values and header values in
base64 (they are bytes; the events are JSON, but a copy must not depend on that).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from rlkernel.kafka_connection import client_options
from rlkernel.settings import Settings


@dataclass(frozen=True)
class TopicRecord:
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp: int  # milliseconds since the epoch, as Kafka keeps it
    headers: tuple[tuple[str, bytes], ...] = ()


class TopicNotEmpty(RuntimeError):
    """Loading into a topic that already holds records would interleave two histories."""


def study_needle(study_id: str) -> bytes:
    """Every event names its study as `"study_id":"<id>"` in its compact JSON: looking for
    those bytes skips parsing other studies' events (the closing quote keeps "s1" from
    matching "s10")."""
    return b'"study_id":"' + study_id.encode() + b'"'


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    parts = consumer.partitions_for_topic(topic)
    if not parts:  # a fresh consumer may not have the topic's metadata yet
        await consumer._client.force_metadata_update()
        parts = consumer.partitions_for_topic(topic)
    return [TopicPartition(topic, p) for p in sorted(parts or ())]


async def dump_topic(settings: Settings, topic: str, study_id: str | None) -> list[TopicRecord]:
    """The topic's records up to its end offsets at the start, by partition then offset; with
    `study_id`, only the events of that study."""
    consumer = AIOKafkaConsumer(
        **client_options(settings),
        enable_auto_commit=False,
        max_partition_fetch_bytes=8 << 20,
    )
    await consumer.start()
    try:
        parts = await _partitions(consumer, topic)
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        end = await consumer.end_offsets(parts)
        needle = study_needle(study_id) if study_id is not None else None
        found: dict[int, list[TopicRecord]] = {tp.partition: [] for tp in parts}

        async def behind() -> bool:
            return any([await consumer.position(tp) < end[tp] for tp in parts])

        while await behind():
            batches = await consumer.getmany(timeout_ms=1000, max_records=5000)
            for tp, records in batches.items():
                found[tp.partition] += [
                    TopicRecord(
                        r.partition,
                        r.offset,
                        r.key,
                        r.value,
                        r.timestamp,
                        tuple((k, bytes(v)) for k, v in r.headers),
                    )
                    for r in records
                    if r.offset < end[tp]
                    and (needle is None or (r.value is not None and needle in r.value))
                ]
        return [r for p in sorted(found) for r in found[p]]
    finally:
        await consumer.stop()


async def load_topic(settings: Settings, topic: str, records: Iterable[TopicRecord]) -> int:
    """Produces `records` into `topic`, which must exist with enough partitions and be empty;
    returns how many it wrote. acks=all: when it returns, every record is on the log."""
    by_partition: dict[int, list[TopicRecord]] = {}
    for r in records:
        by_partition.setdefault(r.partition, []).append(r)
    await _refuse_unless_empty(settings, topic, set(by_partition))
    producer = AIOKafkaProducer(
        **client_options(settings),
        acks="all",
        enable_idempotence=False,  # as the services' producer (rlkernel.kafka): see there why
        linger_ms=5,
    )
    await producer.start()
    try:
        # aiokafka keeps one batch in flight per partition, so sends queued in offset order
        # land in that order; waiting on all of them at the end is what makes it fast.
        sent = [
            await producer.send(
                topic,
                r.value,
                key=r.key,
                partition=p,
                timestamp_ms=r.timestamp,
                headers=list(r.headers),
            )
            for p in sorted(by_partition)
            for r in sorted(by_partition[p], key=lambda r: r.offset)
        ]
        for future in sent:
            await future
        return len(sent)
    finally:
        await producer.stop()


async def _refuse_unless_empty(settings: Settings, topic: str, needed: set[int]) -> None:
    consumer = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False)
    await consumer.start()
    try:
        parts = await _partitions(consumer, topic)
        missing = needed - {tp.partition for tp in parts}
        if missing:
            raise TopicNotEmpty(f"{topic} has no partition {sorted(missing)}: create it first")
        end = await consumer.end_offsets(parts)
        if any(end.values()):
            raise TopicNotEmpty(f"{topic} already holds records: load only into an empty topic")
    finally:
        await consumer.stop()


def write_jsonl(records: Iterable[TopicRecord], out: IO[bytes]) -> int:
    """Writes one JSON object a line; returns how many."""
    n = 0
    for r in records:
        line = {
            "partition": r.partition,
            "offset": r.offset,
            "timestamp": r.timestamp,
            "key": _b64(r.key),
            "value": _b64(r.value),
            "headers": [[k, _b64(v)] for k, v in r.headers],
        }
        out.write(json.dumps(line, separators=(",", ":")).encode() + b"\n")
        n += 1
    return n


def read_jsonl(src: Iterable[bytes]) -> Iterator[TopicRecord]:
    """The records of a file written by write_jsonl (any iterable of its lines)."""
    for number, line in enumerate(src, start=1):
        if not line.strip():
            continue
        try:
            o: dict[str, Any] = json.loads(line)
            yield TopicRecord(
                int(o["partition"]),
                int(o["offset"]),
                _unb64(o["key"]),
                _unb64(o["value"]),
                int(o["timestamp"]),
                tuple((str(k), base64.b64decode(v, validate=True)) for k, v in o["headers"]),
            )
        except (ValueError, KeyError, TypeError) as e:  # json's and base64's errors are these
            raise ValueError(f"line {number}: not a topic record ({type(e).__name__})") from None


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode()


def _unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text, validate=True)
