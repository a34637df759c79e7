"""The component ring: handlers and use cases against in-memory fakes, no Kafka, Redis or
PostgreSQL, in milliseconds. What the fakes stand in for is checked by the e2e ring."""

from __future__ import annotations

from pathlib import Path

import pytest

from rldomain.study import Study, load_studies
from tests.component.fakes import FakePublisher, InMemoryRecord

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "studies"


@pytest.fixture(scope="session")
def studies() -> dict[str, Study]:
    return load_studies(EXAMPLES)


@pytest.fixture
def publisher() -> FakePublisher:
    return FakePublisher()


@pytest.fixture
def record() -> InMemoryRecord:
    return InMemoryRecord()
