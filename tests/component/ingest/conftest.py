"""Ingest's handlers subscribed on FastStream's in-memory broker, with fakes for the rest."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from faststream.kafka import KafkaBroker, TestKafkaBroker

from ingest.dependencies import IngestDeps
from ingest.subscribers import subscribe
from rldomain.schedule import Window
from rldomain.study import Study
from rlkernel.events import DataUploaded, ObservationIngested, WindowClosed
from rlkernel.topics import Topics
from tests.component.fakes import FakeDeadLetters, FakePublisher
from tests.component.gateway.conftest import local
from tests.component.gateway.fakes import FixedClock, InMemoryParticipants
from tests.component.ingest.fakes import (
    FakeBackend,
    InMemoryRecords,
    InMemoryRewards,
)


@dataclass
class Ingest:
    broker: KafkaBroker
    topics: Topics
    publisher: FakePublisher
    backend: FakeBackend = field(default_factory=FakeBackend)
    records: InMemoryRecords = field(default_factory=InMemoryRecords)
    rewards: InMemoryRewards = field(default_factory=InMemoryRewards)
    dead: FakeDeadLetters = field(default_factory=FakeDeadLetters)
    participants: InMemoryParticipants = field(default_factory=InMemoryParticipants)
    clock: FixedClock = field(default_factory=lambda: FixedClock(local(1, 1200)))
    participant: str = field(default_factory=lambda: f"p-{uuid.uuid4().hex[:8]}")

    def published(self) -> list[ObservationIngested]:
        return [e for e in self.publisher.events if isinstance(e, ObservationIngested)]

    async def close(self, window: Window, study_id: str = "miwaves") -> WindowClosed:
        event = WindowClosed.of(study_id, self.participant, window)
        await self.broker.publish(event, topic=self.topics.windows_closed)
        return event

    async def upload(self, index: int, record: dict[str, Any]) -> DataUploaded:
        event = DataUploaded(
            study_id="justin", participant_id=self.participant, decision_index=index, record=record
        )
        await self.broker.publish(event, topic=self.topics.data_uploaded)
        return event


@pytest.fixture
async def ingest(studies: dict[str, Study], publisher: FakePublisher) -> AsyncIterator[Ingest]:
    broker = KafkaBroker()
    world = Ingest(broker, Topics(f"t{uuid.uuid4().hex[:8]}"), publisher)
    deps = IngestDeps(
        studies=studies,
        topics=world.topics,
        publisher=publisher,
        history=world.rewards,
        pull=world.backend,
        store=world.records.store,
        window_status=world.records.window_status,
        dead_letter=world.dead,
        mark_published=world.rewards.mark_published,
        change_times=world.participants.change_times,
        now=world.clock.now,
    )
    subscribe(broker, world.topics, deps)
    async with TestKafkaBroker(broker) as test_broker:
        world.broker = test_broker
        yield world
