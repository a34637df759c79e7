"""Where the policy cache reads from on the real stack: Redis, rebuilt from PostgreSQL."""

from __future__ import annotations

import redis.asyncio as aioredis
from sqlalchemy.orm import Session, sessionmaker

from rladapters.policies import PolicyMirror
from rldomain.policy import Policy
from rldomain.study import Study
from rlkernel.clock import Clock


class StoredPolicies:
    def __init__(
        self, client: aioredis.Redis, sessions: sessionmaker[Session], namespace: str, clock: Clock
    ) -> None:
        self.mirror = PolicyMirror(client, namespace)
        self.sessions, self.clock = sessions, clock

    async def version(self, study_id: str) -> int | None:
        return await self.mirror.version(study_id)

    async def current(self, study: Study) -> Policy:
        return await self.mirror.current(self.sessions, study, self.clock.now())
