"""Floor primitive 2: an aiokafka produce (acks=all, as rlkernel.kafka configures the services'
producers) and its consumption, on a temporary topic "floor-*" that the run creates and deletes.

Measured three ways: one message at a time (each produce waits for the previous message to be
consumed: the latency of one hop); open loop at a fixed rate with the due messages sent
together every few milliseconds, as the services send a batch's events (the CPU per message
when producing and fetching in batches); and the same produced to a topic nobody reads, as
decisions.made is on the action path. The consumer commits after every batch it gets, as the
services' consumer groups do. CPU: this process (producer and consumer) and the broker."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime
from functools import partial
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench.floor_cpu import Figure, Meter, figure, idle_rate, pids
from rlkernel.events import ActionRequested
from rlkernel.kafka_connection import client_options
from rlkernel.settings import Settings

TICK_S = 0.005  # batched mode: the due messages go out together every 5 ms
# A real action.requested event, serialized once: the floor is the transport, not pydantic.
MESSAGE = (
    ActionRequested(
        request_id=uuid.uuid4(),
        reply_to="rls.replies.gateway-main",
        study_id="justin",
        participant_id="b-0123456789",
        decision_index=7,
        context={"temperature": 21.5},
        requested_at=datetime.now(UTC),
    )
    .model_dump_json()
    .encode()
)

Arrivals = asyncio.Queue[tuple[int, float]]  # (the message's sequence number, when it came)


async def send(producer: AIOKafkaProducer, topic: str, seq: int) -> asyncio.Future[Any]:
    """Queues the message (its key: the sequence number that latencies are matched by); the
    future returned is done when the broker acknowledged it."""
    acked: asyncio.Future[Any] = await producer.send(topic, MESSAGE, key=str(seq).encode())
    return acked


async def consume(consumer: AIOKafkaConsumer, arrived: Arrivals) -> None:
    while True:
        batches = await consumer.getmany(timeout_ms=1000, max_records=500)
        now = time.perf_counter()
        for records in batches.values():
            for record in records:
                arrived.put_nowait((int(record.key), now))
        if batches:
            await consumer.commit()


async def one_at_a_time(
    producer: AIOKafkaProducer, topic: str, arrived: Arrivals, n: int
) -> list[float]:
    latencies = []
    for seq in range(n):
        sent = time.perf_counter()
        await (await send(producer, topic, seq))
        _, at = await asyncio.wait_for(arrived.get(), 10)
        latencies.append((at - sent) * 1000)
    return latencies


def noted(when: dict[int, float], seq: int, _: asyncio.Future[Any]) -> None:
    when[seq] = time.perf_counter()


async def open_loop(
    producer: AIOKafkaProducer, topic: str, rate: int, seconds: float, arrived: Arrivals | None
) -> list[float]:
    """`rate` messages a second for `seconds`; each one's latency until it is consumed, or
    (`arrived` None: nobody consumes it) until the broker acknowledged it."""
    total = int(rate * seconds)
    sent_at: dict[int, float] = {}
    acked_at: dict[int, float] = {}
    acks = []
    start = time.perf_counter()
    while len(sent_at) < total:
        due = min(total, int((time.perf_counter() - start) * rate) + 1)
        now = time.perf_counter()
        for seq in range(len(sent_at), due):
            sent_at[seq] = now
            acks.append(ack := await send(producer, topic, seq))
            ack.add_done_callback(partial(noted, acked_at, seq))
        await asyncio.sleep(TICK_S)
    await asyncio.gather(*acks)
    if arrived is None:
        return [(acked_at[seq] - sent) * 1000 for seq, sent in sent_at.items()]
    latencies = []
    for _ in range(total):
        seq, at = await asyncio.wait_for(arrived.get(), 10)
        latencies.append((at - sent_at[seq]) * 1000)
    return latencies


async def measure_kafka(
    settings: Settings, count: int, rate: int, seconds: float
) -> tuple[Figure, Figure, Figure]:
    topic = f"floor-{uuid.uuid4().hex[:8]}"
    unread = f"{topic}-unread"  # produced to only, as decisions.made on the action path
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, 1, 1), NewTopic(unread, 1, 1)])
        broker = pids("kafka.Kafka")
        producer = AIOKafkaProducer(
            **client_options(settings), acks="all", enable_idempotence=False, linger_ms=0
        )
        consumer = AIOKafkaConsumer(
            **client_options(settings),
            group_id=f"{topic}-group",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        await producer.start()
        await consumer.start()
        consumer.assign([TopicPartition(topic, 0)])
        arrived: Arrivals = asyncio.Queue()
        reader = asyncio.create_task(consume(consumer, arrived))
        try:
            await one_at_a_time(producer, topic, arrived, 50)  # warm-up: metadata, fetch session
            idle_before = await asyncio.to_thread(idle_rate, broker)
            with Meter(broker) as single:
                single_lat = await one_at_a_time(producer, topic, arrived, count)
            with Meter(broker) as batched:
                batched_lat = await open_loop(producer, topic, rate, seconds, arrived)
            await send(producer, unread, 0)  # warm-up: the new topic's metadata
            with Meter(broker) as produced:
                produced_lat = await open_loop(producer, unread, rate, seconds, None)
            idle = (idle_before, await asyncio.to_thread(idle_rate, broker))
        finally:
            reader.cancel()
            await producer.stop()
            await consumer.stop()
    finally:
        await admin.delete_topics([topic, unread])
        await admin.close()
    one = figure(
        "Kafka message, one at a time",
        single.usage,
        count,
        single_lat,
        "message",
        server_idle=idle,
    )
    many = figure(
        f"Kafka message, batched {rate}/s",
        batched.usage,
        len(batched_lat),
        batched_lat,
        "message",
        server_idle=idle,
    )
    unconsumed = figure(
        f"Kafka produce only, batched {rate}/s",
        produced.usage,
        len(produced_lat),
        produced_lat,
        "ack",
        server_idle=idle,
    )
    for f in (one, many, unconsumed):
        f.detail["message_bytes"] = len(MESSAGE)
    many.detail["tick_ms"] = unconsumed.detail["tick_ms"] = TICK_S * 1000
    return one, many, unconsumed
