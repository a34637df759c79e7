"""What a topic holds, read from its start: the e2e tests' view of the events a change
announced. One fetch per call; callers wait on a condition over it (tests.support.waiting)."""

from __future__ import annotations

import asyncio
from typing import TypeVar

from aiokafka import AIOKafkaConsumer
from pydantic import BaseModel

from rlkernel.kafka_connection import client_options
from rlkernel.settings import Settings
from rlkernel.topics import Topics
from tests.support.stack import Stack

Event = TypeVar("Event", bound=BaseModel)


def announced(stack: Stack, topic_attr: str, event: type[Event]) -> list[Event]:
    """The events of `Topics(stack.namespace).<topic_attr>`, as `event`s."""
    topic = getattr(Topics(stack.namespace), topic_attr)
    return asyncio.run(_read(stack.settings(), topic, event))


async def _read(settings: Settings, topic: str, event: type[Event]) -> list[Event]:
    consumer = AIOKafkaConsumer(
        topic, **client_options(settings), auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        batches = await consumer.getmany(timeout_ms=2000)
        return [
            event.model_validate_json(m.value or b"")
            for messages in batches.values()
            for m in messages
        ]
    finally:
        await consumer.stop()
