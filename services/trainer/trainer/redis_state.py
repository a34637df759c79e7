"""The trainer's state in Redis: the served policy version decisions read, and its own marks
(observations since the last update, schedule periods done)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import redis.asyncio as aioredis
from sqlalchemy.orm import Session, sessionmaker

from rladapters.policies import PolicyMirror
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion


def _text(value: bytes | str | None) -> str:
    return value.decode() if isinstance(value, bytes) else (value or "")


@dataclass(frozen=True)
class RedisPolicies:
    """The served policy version in Redis, which decision replicas read, refreshed from
    PostgreSQL (where a pin would be)."""

    mirror: PolicyMirror
    sessions: sessionmaker[Session]

    async def refresh(self, study: Study, now: datetime) -> PolicyVersion:
        return await self.mirror.refresh(self.sessions, study, now)


@dataclass(frozen=True)
class RedisProgress:
    redis: aioredis.Redis
    namespace: str

    def _key(self, study_id: str, what: str) -> str:
        return f"{self.namespace}:trainer:{study_id}:{what}"

    async def count_new(self, study_id: str, observations: int) -> int:
        return int(await self.redis.incrby(self._key(study_id, "new"), observations))

    async def reset_new(self, study_id: str) -> None:
        await self.redis.set(self._key(study_id, "new"), 0)

    async def periods_done(self, study_id: str) -> tuple[str, str]:
        done = await self.redis.hmget(self._key(study_id, "period"), ["posterior", "hyper"])
        return _text(done[0]), _text(done[1])

    async def mark_periods(self, study_id: str, posterior: str, hyperparameters: str) -> None:
        await self.redis.hset(
            self._key(study_id, "period"),
            mapping={"posterior": posterior, "hyper": hyperparameters},
        )
