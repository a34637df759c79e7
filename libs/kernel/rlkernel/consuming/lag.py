"""Consumer lag: the messages of each topic that a consumer group has not committed yet.

Every CONSUMER_LAG_EVERY_SECONDS (15 s), each subscriber of this process that consumes in a
group asks Kafka for the end offsets of the partitions it holds and the group's committed
offsets of them: a few small requests, nothing on the message path. A replica reports the
partitions it holds, so a group's lag is the sum over its replicas (`sum by (group, topic)`).
A group that never committed on a partition lags by all the partition still holds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, Protocol

from prometheus_client import Gauge

from rlkernel.logs import get_logger
from rlkernel.redaction import describe

log = get_logger(__name__)
LAG = Gauge(
    "rls_consumer_lag_messages",
    "Messages after the group's committed offset, over the partitions this process holds",
    ["group", "topic"],
)


class GroupConsumer(Protocol):
    """What lag needs of aiokafka's AIOKafkaConsumer (its partitions are TopicPartitions)."""

    def subscription(self) -> set[str]: ...

    def assignment(self) -> set[Any]: ...

    async def end_offsets(self, partitions: list[Any]) -> dict[Any, int]: ...

    async def beginning_offsets(self, partitions: list[Any]) -> dict[Any, int]: ...

    async def committed(self, partition: Any) -> int | None: ...


class HasSubscribers(Protocol):
    """A FastStream broker: its subscribers carry `group_id` and, once started, `consumer`."""

    @property
    def subscribers(self) -> Sequence[Any]: ...


async def lag_of(consumer: GroupConsumer) -> dict[str, int]:
    """For each topic subscribed, the messages not committed in the partitions held here."""
    lag = dict.fromkeys(consumer.subscription(), 0)
    held = sorted(consumer.assignment())
    if not held:
        return lag
    ends = await consumer.end_offsets(held)
    committed = {tp: await consumer.committed(tp) for tp in held}
    never = [tp for tp, offset in committed.items() if offset is None]
    starts = await consumer.beginning_offsets(never) if never else {}
    for tp in held:
        done = committed[tp]
        after = starts[tp] if done is None else done
        lag[tp.topic] = lag.get(tp.topic, 0) + max(ends[tp] - after, 0)
    return lag


async def measure(broker: HasSubscribers) -> None:
    for subscriber in broker.subscribers:
        group = getattr(subscriber, "group_id", None)
        consumer = getattr(subscriber, "consumer", None)
        if not group or consumer is None:  # a broadcast (no group), or not started
            continue
        for topic, messages in (await lag_of(consumer)).items():
            LAG.labels(group, topic).set(messages)


# A round's time limit: not the interval, which tests set to a second, while a round on a busy
# machine asks a few requests per subscriber and could then never finish the last subscriber's.
ROUND_SECONDS = 10.0


async def measure_forever(broker: HasSubscribers, every_seconds: float) -> None:
    """Runs while the service runs; Kafka away (or a rebalance) skips a round."""
    while True:
        try:
            await asyncio.wait_for(measure(broker), timeout=max(every_seconds, ROUND_SECONDS))
        except Exception as exc:
            log.warning("consumer_lag_not_measured", error=describe(exc))
        await asyncio.sleep(every_seconds)
