"""Fixtures: the real infrastructure once per session, a fresh namespace and database per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from rlkernel.db.migrate import upgrade
from rlkernel.settings import Settings
from tests.support.infra import Infra, provide_infra
from tests.support.stack import Stack, create_database, deployment, drop_database


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    with provide_infra() as found:
        yield found


@pytest.fixture(scope="session")
def template_database(infra: Infra) -> Iterator[str]:
    """Migrated once; each test's database is a copy of it (fast, and starts empty)."""
    name = f"rls_template_{uuid.uuid4().hex[:8]}"
    url = create_database(infra.database_url, name)
    upgrade(Settings(database_url=url))
    yield name
    drop_database(infra.database_url, name)


@pytest.fixture
def stack(infra: Infra, template_database: str) -> Iterator[Stack]:
    """A deployment of its own per test (tests.support.stack.deployment)."""
    with deployment(infra, template_database) as made:
        yield made
