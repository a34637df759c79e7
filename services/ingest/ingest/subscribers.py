"""Ingest's Kafka subscriptions, through the kernel's consumer runtime (rlkernel.consuming):
which topic, which consumer group. Both handlers are idempotent (a pulled window is not pulled
again, an observation is stored once per slot), so the runtime may run a message again."""

from __future__ import annotations

from faststream.kafka import KafkaBroker

from ingest import handlers
from ingest.dependencies import IngestDeps
from rlkernel.consuming import Consumer
from rlkernel.events import DataUploaded, WindowClosed
from rlkernel.topics import Topics


def subscribe(broker: KafkaBroker, topics: Topics, deps: IngestDeps) -> None:
    consume = Consumer(broker, topics, deps.dead_letter)

    @consume.each(topics.windows_closed, WindowClosed, group="ingest")
    async def on_window_closed(event: WindowClosed) -> None:
        await handlers.on_window_closed(event, deps)

    @consume.each(topics.data_uploaded, DataUploaded, group="ingest-upload")
    async def on_data_uploaded(event: DataUploaded) -> None:
        await handlers.on_data_uploaded(event, deps)
