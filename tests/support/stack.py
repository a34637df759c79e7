"""The tests' deployments: see rlservice.deployment."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from rlkernel.kafka import ensure_topics
from rlkernel.topics import Topics
from rlservice.deployment import Deployment as Stack
from rlservice.deployment import create_database, drop_database, free_port
from tests.support.cleanup import delete_namespace_topics
from tests.support.infra import Infra

__all__ = ["Stack", "create_database", "deployment", "drop_database", "free_port"]


@contextmanager
def deployment(infra: Infra, template_database: str) -> Iterator[Stack]:
    """A deployment of its own: namespace (topics, groups, Redis keys) and a database copied
    from the migrated template; no services run until the caller starts them, and all of it
    goes at the end."""
    name = f"rls_test_{uuid.uuid4().hex[:8]}"
    url = create_database(infra.database_url, name, template=template_database)
    stack = Stack(infra.kafka, infra.redis_url, url)
    asyncio.run(ensure_topics(stack.settings(), Topics(stack.namespace).specs()))
    try:
        yield stack
    finally:
        stack.stop_all()
        delete_namespace_topics(infra.kafka, stack.namespace)
        drop_database(infra.database_url, name)
