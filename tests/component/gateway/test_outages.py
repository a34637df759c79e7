"""Kafka away on a route that only publishes: a bounded wait, then a 503 the client can retry."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from gateway.outages import PublishWithin
from rldomain.errors import Unavailable
from rlkernel.events import Event, UpdateRequested
from tests.component.fakes import FakePublisher


class Hanging(FakePublisher):
    async def publish(self, event: Event) -> None:
        await asyncio.Event().wait()  # a producer waiting for a broker that is not there


def an_event() -> UpdateRequested:
    return UpdateRequested(update_id=uuid4(), study_id="justin", requested_at=datetime.now(UTC))


async def test_a_publish_that_hangs_is_a_503_within_the_bound() -> None:
    bounded = PublishWithin(Hanging(), seconds=0.05)
    with pytest.raises(Unavailable) as refused:
        await asyncio.wait_for(bounded.publish(an_event()), timeout=5)
    assert refused.value.code == "event_log_unavailable"


async def test_a_failing_publish_is_a_503_and_a_working_one_goes_through() -> None:
    with pytest.raises(Unavailable):
        await PublishWithin(FakePublisher(fail_with=ConnectionError("away")), 1).publish(an_event())
    working = FakePublisher()
    event = an_event()
    await PublishWithin(working, 1).publish(event)
    assert working.events == [event]
