"""Each participant's recent rewards, kept short in Redis for building the next state."""

from __future__ import annotations

import redis.asyncio as aioredis

from rldomain.deciding import RECENT_REWARDS as KEEP


class RewardHistory:
    def __init__(self, client: aioredis.Redis, namespace: str) -> None:
        self.redis, self.namespace = client, namespace

    def key(self, study_id: str, participant_id: str) -> str:
        return f"{self.namespace}:rewards:{study_id}:{participant_id}"

    async def recent(self, study_id: str, participant_id: str) -> list[float]:
        """Previous rewards, most recent last."""
        raw = await self.redis.lrange(self.key(study_id, participant_id), -KEEP, -1)
        return [float(r) for r in raw]

    async def append(self, study_id: str, participant_id: str, reward: float) -> None:
        key = self.key(study_id, participant_id)
        await self.redis.rpush(key, reward)
        await self.redis.ltrim(key, -KEEP, -1)
