"""Ingest's Kafka subscriptions: which topic, which consumer group, how messages are acked.

A failed handler nacks its message, so Kafka redelivers it (a decision not recorded yet)."""

from __future__ import annotations

from faststream import AckPolicy
from faststream.kafka import KafkaBroker

from ingest import handlers
from ingest.dependencies import IngestDeps
from rlkernel.events import DataUploaded, WindowClosed
from rlkernel.topics import Topics


def subscribe(broker: KafkaBroker, topics: Topics, deps: IngestDeps) -> None:
    @broker.subscriber(
        topics.windows_closed,
        group_id=topics.group("ingest"),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_window_closed(event: WindowClosed) -> None:
        await handlers.on_window_closed(event, deps)

    @broker.subscriber(
        topics.data_uploaded,
        group_id=topics.group("ingest-upload"),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_data_uploaded(event: DataUploaded) -> None:
        await handlers.on_data_uploaded(event, deps)
