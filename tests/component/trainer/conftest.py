"""The trainer's handlers subscribed on FastStream's in-memory broker, with fakes for the rest.

Here justin updates after every EVERY_N observations; miwaves only on its schedule."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from faststream.kafka import KafkaBroker, TestKafkaBroker

from rldomain.study import Study
from rlkernel.events import ObservationIngested, UpdateRequested
from rlkernel.topics import Topics
from tests.component.fakes import FakeDeadLetters, FakePublisher
from tests.component.trainer.fakes import (
    FakeBackups,
    FakeHealth,
    FakeRequests,
    FakeUpdates,
    FixedClock,
    InMemoryPolicies,
)
from trainer.dependencies import Monitoring, TrainerDeps
from trainer.subscribers import subscribe

EVERY_N = 3
MONITORING_EVERY = timedelta(minutes=5)


@dataclass
class Trainer:
    broker: KafkaBroker
    topics: Topics
    publisher: FakePublisher
    deps: TrainerDeps
    updates: FakeUpdates
    policies: InMemoryPolicies
    requests: FakeRequests
    clock: FixedClock
    backups: FakeBackups
    health: FakeHealth
    _observed: int = field(default=0)

    async def observe(self, study_id: str, count: int) -> None:
        """`count` observations stored, then announced in one batch as the subscriber may
        get them."""
        events = self.store(study_id, count)
        await self.broker.publish_batch(*events, topic=self.topics.observations_ingested)

    def store(self, study_id: str, count: int) -> list[ObservationIngested]:
        """`count` observations stored as ingest stores them; returns their events."""
        self.updates.stored[study_id] += count
        events = [
            ObservationIngested(
                study_id=study_id,
                participant_id="p-1",
                decision_index=self._observed + i,
                rid=self._observed + i + 1,
                reward=1.0,
                observation_id=self._observed + i + 1,
            )
            for i in range(count)
        ]
        self._observed += count
        return events

    async def request(self, study_id: str) -> UpdateRequested:
        event = UpdateRequested(
            update_id=uuid.uuid4(), study_id=study_id, requested_at=datetime.now(UTC)
        )
        await self.broker.publish(event, topic=self.topics.updates_requested)
        return event


@pytest.fixture
async def trainer(studies: dict[str, Study], publisher: FakePublisher) -> AsyncIterator[Trainer]:
    counted = studies["justin"].update.model_copy(update={"every_n_observations": EVERY_N})
    updates = FakeUpdates()
    policies = InMemoryPolicies(updates)
    requests, clock = FakeRequests(), FixedClock()
    backups, health = FakeBackups(updates), FakeHealth()
    deps = TrainerDeps(
        studies={**studies, "justin": studies["justin"].model_copy(update={"update": counted})},
        publisher=publisher,
        updates=updates,
        policies=policies,
        finish_request=requests,
        clock=clock,
        dead_letter=FakeDeadLetters(),
        backups=backups,
        monitoring=Monitoring(health, MONITORING_EVERY),
    )
    broker = KafkaBroker()
    topics = Topics(f"t{uuid.uuid4().hex[:8]}")
    subscribe(broker, topics, deps)
    async with TestKafkaBroker(broker) as test_broker:
        yield Trainer(
            test_broker,
            topics,
            publisher,
            deps,
            updates,
            policies,
            requests,
            clock,
            backups,
            health,
        )
