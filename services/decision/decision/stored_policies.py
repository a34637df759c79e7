"""Where the policy cache reads from on the real stack: Redis, rebuilt from PostgreSQL."""

from __future__ import annotations

import redis.asyncio as aioredis
from sqlalchemy.orm import Session, sessionmaker

from rladapters import policies
from rldomain.policy import Policy
from rldomain.study import Study
from rlkernel.clock import Clock


class StoredPolicies:
    def __init__(
        self, client: aioredis.Redis, sessions: sessionmaker[Session], namespace: str, clock: Clock
    ) -> None:
        self.redis, self.sessions, self.namespace, self.clock = client, sessions, namespace, clock

    async def version(self, study_id: str) -> int | None:
        return await policies.redis_version(self.redis, self.namespace, study_id)

    async def current(self, study: Study) -> Policy:
        return await policies.current(
            self.redis, self.sessions, self.namespace, study, self.clock.now()
        )
