"""Redis client factory: short time-outs so a dead Redis is noticed, not waited on."""

from __future__ import annotations

import redis.asyncio as aioredis

from rlcommon.settings import Settings


def make_redis(settings: Settings) -> aioredis.Redis:
    return aioredis.Redis.from_url(
        settings.redis_url.get_secret_value(),
        socket_timeout=2.0,
        socket_connect_timeout=1.0,
        health_check_interval=5,
        decode_responses=False,
    )
