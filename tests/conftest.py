"""Fixtures: the real infrastructure once per session, a fresh namespace and database per test."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest

from rlcommon.db.migrate import upgrade
from rlcommon.kafka import ensure_topics
from rlcommon.topics import Topics
from tests.support.infra import Infra, provide_infra
from tests.support.stack import Stack, create_database, drop_database


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    with provide_infra() as found:
        yield found


@pytest.fixture(scope="session")
def database_url(infra: Infra) -> Iterator[str]:
    """One migrated database for the session's tests; ids are random, so tests never collide."""
    name = f"rls_test_{uuid.uuid4().hex[:8]}"
    url = create_database(infra.database_url, name)
    yield url
    drop_database(infra.database_url, name)


@pytest.fixture
def stack(infra: Infra, database_url: str) -> Iterator[Stack]:
    """A namespace of its own: its topics exist, no services run until the test starts them."""
    stack = Stack(infra, database_url)
    settings = stack.settings()
    upgrade(settings)
    asyncio.run(ensure_topics(settings, Topics(stack.namespace).specs()))
    yield stack
    stack.stop_all()
