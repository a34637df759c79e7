"""The trainer's state in Redis: the current policy version decisions read, and its own marks
(observations since the last update, schedule periods done)."""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from rladapters.policies import PolicyMirror


def _text(value: bytes | str | None) -> str:
    return value.decode() if isinstance(value, bytes) else (value or "")


class RedisPolicies(PolicyMirror):
    """The current policy version in Redis, which decision replicas read."""


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
