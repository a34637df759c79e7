"""Fixtures of the decision service's component tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from faststream.kafka import KafkaBroker

from rldomain.study import Study
from tests.component.decision.harness import Service
from tests.component.fakes import FakePublisher, InMemoryRecord


@pytest.fixture
def service(studies: dict[str, Study], record: InMemoryRecord, publisher: FakePublisher) -> Service:
    return Service(studies, record, publisher)


@pytest.fixture
async def broker(service: Service) -> AsyncIterator[KafkaBroker]:
    async with service.broker() as br:
        yield br
