"""Which incarnation of Redis we are talking to, so that Redis stays a cache that can vanish.

Every cached value that PostgreSQL can rebuild (a participant, the current policy, recent
rewards, revoked tokens) lives under a key that carries the epoch. The epoch is Redis's run id
(new at every restart, also a restart from an older snapshot) joined with a marker key (gone
after a FLUSHALL). Either change gives new keys: the caches start cold and refill from
PostgreSQL instead of serving what an older or emptied Redis holds.

A process re-reads the epoch every `refresh_seconds`; within that time after a restart it may
still use the old epoch's keys, which a restarted Redis only holds if its snapshot was taken
in that same incarnation.
"""

from __future__ import annotations

import secrets
import time

import redis.asyncio as aioredis


class RedisEpoch:
    def __init__(self, client: aioredis.Redis, namespace: str, refresh_seconds: float = 2.0):
        self.redis, self.namespace, self.refresh = client, namespace, refresh_seconds
        self._epoch: str | None = None
        self._read_at = 0.0

    @property
    def marker_key(self) -> str:
        return f"{self.namespace}:epoch"

    async def current(self) -> str:
        if self._epoch is None or time.monotonic() - self._read_at > self.refresh:
            self._epoch = await self._read()
            self._read_at = time.monotonic()
        return self._epoch

    def forget(self) -> None:
        """Read it again next time (after a connection error, say)."""
        self._epoch = None

    async def _read(self) -> str:
        run_id = (await self.redis.info("server"))["run_id"]
        await self.redis.set(self.marker_key, secrets.token_hex(4), nx=True)
        marker = await self.redis.get(self.marker_key)
        text = marker.decode() if isinstance(marker, bytes) else str(marker)
        return f"{str(run_id)[:8]}{text}"
