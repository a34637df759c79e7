"""The consumer runtime on FastStream's in-memory broker, with handlers that fail on cue and a
dead-letter sink that keeps what the real one would write (its event, position included)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from faststream.kafka import KafkaBroker

from rlkernel.consuming import Consumer, RetryPolicy
from rlkernel.deadletter import letter
from rlkernel.events import DataUploaded, DeadLettered, Event
from rlkernel.topics import Topics

FAST = RetryPolicy(attempts=3, first_wait=0, longest_wait=0)


@dataclass
class RecordedLetters:
    """The runtime's sink: each letter as rlkernel.deadletter builds it; `down_for` makes the
    first writes fail (the table unreachable)."""

    letters: list[DeadLettered] = field(default_factory=list)
    down_for: int = 0

    async def __call__(
        self, source_topic: str, reason: str, payload: dict[str, Any], key: str | None = None
    ) -> None:
        if self.down_for:
            self.down_for -= 1
            raise ConnectionError("database away")
        self.letters.append(letter("test", source_topic, reason, payload, key))


@dataclass
class Handler:
    """Records every run; raises the queued failures first, and `poison` events always."""

    failures: list[Exception] = field(default_factory=list)
    poison: set[int] = field(default_factory=set)  # decision indexes that always fail
    runs: list[list[int]] = field(default_factory=list)  # decision indexes of each run
    done: list[int] = field(default_factory=list)  # decision indexes handled successfully

    async def __call__(self, event: DataUploaded) -> None:
        await self.batch([event])

    async def batch(self, events: Sequence[DataUploaded]) -> None:
        indexes = [e.decision_index for e in events]
        self.runs.append(indexes)
        if self.failures:
            raise self.failures.pop(0)
        if self.poison & set(indexes):
            raise ValueError("poison: value 2147483648 is out of range")
        self.done += indexes


@dataclass
class World:
    broker: KafkaBroker
    topics: Topics
    consumer: Consumer
    sink: RecordedLetters

    @property
    def topic(self) -> str:
        return self.topics.data_uploaded


@pytest.fixture
def world() -> World:
    broker, topics, sink = KafkaBroker(), Topics(f"t{uuid.uuid4().hex[:8]}"), RecordedLetters()
    return World(broker, topics, Consumer(broker, topics, sink, FAST), sink)


def upload(index: int) -> DataUploaded:
    participant = f"p-{uuid.uuid4().hex[:8]}"
    return DataUploaded(
        study_id="justin", participant_id=participant, decision_index=index, record={"a": 1}
    )


def as_json(event: Event) -> dict[str, Any]:
    return event.model_dump(mode="json")
