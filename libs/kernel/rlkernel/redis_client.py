"""Redis client factory: short time-outs so a dead Redis is noticed, not waited on."""

from __future__ import annotations

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError

from rlkernel.settings import Settings


def make_redis(settings: Settings, max_connections: int = 64) -> aioredis.Redis:
    # A blocking pool: a burst of concurrent requests waits for a free connection instead of
    # failing with "Too many connections".
    pool = aioredis.BlockingConnectionPool.from_url(
        settings.redis_url.get_secret_value(),
        max_connections=max_connections,
        timeout=5,
        socket_timeout=2.0,
        socket_connect_timeout=1.0,
        health_check_interval=5,
        # A pooled connection that was open while Redis restarted fails once on its next use:
        # one quick retry on a fresh connection, instead of an error for the caller.
        retry=Retry(ExponentialBackoff(cap=0.2, base=0.02), 1),
        retry_on_error=[ConnectionError, TimeoutError],
    )
    return aioredis.Redis(connection_pool=pool)
