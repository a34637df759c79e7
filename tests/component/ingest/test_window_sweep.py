"""The sweep of expired windows: a decided window nobody closed is closed as swept once its
study's grace has passed, and ingest pulls it once; a closed one is left alone."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from ingest.sweep import Slot, WindowSweep
from rldomain.schedule import ParticipantSchedule, StudyCalendar, Window, window
from rldomain.study import Study
from rlkernel.events import Event, WindowClosed
from tests.component.ingest.conftest import Ingest
from tests.component.ingest.fakes import InMemoryUnclosed

START = date(2026, 3, 2)
SCHEDULE = ParticipantSchedule(START, START + timedelta(days=29), ((900, 2100),) * 7)
GRACE = timedelta(minutes=60)  # miwaves.yaml's windows.sweep_after_minutes


@dataclass
class ToIngest:
    """Publishes onto the in-memory broker ingest's handlers listen on, keeping what it sent."""

    ingest: Ingest
    sent: list[WindowClosed] = field(default_factory=list)

    async def publish(self, event: Event) -> None:
        assert isinstance(event, WindowClosed)
        self.sent.append(event)
        await self.ingest.broker.publish(event, topic=self.ingest.topics.windows_closed)

    async def reply(self, event: Event, to: str, correlation_id: str) -> None:
        raise AssertionError("the sweep answers no request")


@dataclass
class World:
    ingest: Ingest
    studies: dict[str, Study]
    unclosed: InMemoryUnclosed
    publisher: ToIngest
    now: datetime = datetime(2026, 3, 2, tzinfo=UTC)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def window(self, index: int) -> Window:
        return window(StudyCalendar.of(self.studies["miwaves"]), SCHEDULE, index)

    def decide(self, index: int, who: str | None = None, study_id: str = "miwaves") -> None:
        """A decision in the window, five minutes after it opened."""
        slot = Slot(next(self.ids), who or self.ingest.participant, index, SCHEDULE)
        self.unclosed.decide(study_id, slot, self.window(index).start + timedelta(minutes=5))

    def sweep(self, page: int = 500) -> WindowSweep:
        return WindowSweep(self.studies, self.unclosed, self.publisher, lambda: self.now, page)


@pytest.fixture
def world(ingest: Ingest, studies: dict[str, Study]) -> World:
    return World(ingest, studies, InMemoryUnclosed(ingest.records), ToIngest(ingest))


async def test_an_unclosed_window_is_swept_after_its_grace_and_pulled_once(world: World) -> None:
    me, key = world.ingest.participant, ("miwaves", world.ingest.participant, 0)
    world.decide(0)
    world.now = world.window(0).end + GRACE - timedelta(seconds=1)
    assert await world.sweep().run_once() == 0
    world.now += timedelta(seconds=1)
    assert await world.sweep().run_once() == 1
    [event] = world.publisher.sent
    assert (event.closed_by, event.window) == ("sweep", world.window(0))
    assert world.ingest.backend.calls == [(me, world.window(0))]
    assert world.ingest.records.windows[key] == "pulled"
    assert await world.sweep().run_once() == 0  # a later round: it has its row now
    assert len(world.ingest.backend.calls) == 1


async def test_a_window_its_backend_closed_is_left_alone(world: World) -> None:
    world.decide(0)
    await world.ingest.close(world.window(0))
    world.now = world.window(0).end + 2 * GRACE
    assert await world.sweep().run_once() == 0
    assert world.publisher.sent == [] and len(world.ingest.backend.calls) == 1


async def test_replicas_sweeping_at_once_close_each_window_once(world: World) -> None:
    world.decide(0)
    world.decide(1)
    world.now = world.window(1).end + GRACE
    swept = await asyncio.gather(*(world.sweep().run_once() for _ in range(3)))
    assert sum(swept) == 2
    assert sorted(e.decision_index for e in world.publisher.sent) == [0, 1]


async def test_every_page_of_unclosed_slots_is_looked_at(world: World) -> None:
    for who in ("a", "b", "c", "d", "e"):
        world.decide(0, who)
    world.now = world.window(0).end + GRACE
    assert await world.sweep(page=2).run_once() == 5
    assert sorted(e.participant_id for e in world.publisher.sent) == ["a", "b", "c", "d", "e"]


async def test_only_studies_that_pull_by_window_are_swept(world: World) -> None:
    world.decide(0, study_id="oralytics")  # no EMA endpoint: its data is uploaded
    world.decide(0, study_id="justin")  # client-indexed: no windows
    world.now = world.window(0).end + GRACE
    assert await world.sweep().run_once() == 0
    assert set(world.unclosed.asked) == {"miwaves"}
