"""The current policy per study, cached in process and refreshed when it changes.

Refreshed on `policies.updated`, and checked against Redis at most every `check_every` seconds
so a replica that missed an event (or reconnected) catches up on its own.
"""

from __future__ import annotations

import time

import redis.asyncio as aioredis
from sqlalchemy.orm import Session, sessionmaker

from rladapters import policies
from rldomain.policy import Policy
from rldomain.study import Study
from rlkernel.clock import Clock


class PolicyCache:
    def __init__(
        self,
        client: aioredis.Redis,
        sessions: sessionmaker[Session],
        namespace: str,
        clock: Clock,
        check_every: float = 5.0,
    ) -> None:
        self.redis, self.sessions, self.namespace, self.clock = client, sessions, namespace, clock
        self.check_every = check_every
        self._cached: dict[str, tuple[Policy, float]] = {}

    async def get(self, study: Study) -> Policy:
        hit = self._cached.get(study.id)
        if hit is not None and time.monotonic() - hit[1] < self.check_every:
            return hit[0]
        if (
            hit is not None
            and await policies.redis_version(self.redis, self.namespace, study.id) == hit[0].version
        ):
            self._cached[study.id] = (hit[0], time.monotonic())
            return hit[0]
        policy = await policies.current(
            self.redis, self.sessions, self.namespace, study, self.clock.now()
        )
        self._cached[study.id] = (policy, time.monotonic())
        return policy

    def invalidate(self, study_id: str) -> None:
        self._cached.pop(study_id, None)
