"""Health: each service checks its own dependencies and heartbeats the result to Redis.

The gateway reads the heartbeats to report every service, so a service that stopped
heartbeating (dead, or unable to reach Redis) shows as down within `3 * heartbeat_seconds`.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import redis.asyncio as aioredis
from sqlalchemy import text
from sqlalchemy.engine import Engine

from rlkernel.logs import get_logger

Status = Literal["ok", "down", "degraded", "unknown"]
Probe = Callable[[], Awaitable[bool]]
SERVICES = ("gateway", "decision", "ingest", "trainer")
DEPENDENCIES = ("kafka", "redis", "postgres")
log = get_logger(__name__)


def redis_probe(client: aioredis.Redis) -> Probe:
    async def probe() -> bool:
        return bool(await client.ping())

    return probe


def postgres_probe(engine: Engine) -> Probe:
    def select_one() -> bool:
        with engine.connect() as conn:
            return conn.execute(text("SELECT 1")).scalar() == 1

    async def probe() -> bool:
        return await asyncio.to_thread(select_one)

    return probe


async def check(probes: dict[str, Probe], limit: float = 1.5) -> dict[str, Status]:
    async def one(probe: Probe) -> Status:
        try:
            return "ok" if await asyncio.wait_for(probe(), limit) else "down"
        except Exception:  # any failure to answer is "down": the reason is in the service's log
            return "down"

    results = await asyncio.gather(*(one(p) for p in probes.values()))
    return dict(zip(probes, results, strict=True))


def heartbeat_key(namespace: str, service: str, instance: str) -> str:
    return f"{namespace}:health:{service}:{instance}"


async def heartbeat_forever(
    client: aioredis.Redis,
    namespace: str,
    service: str,
    instance: str,
    probes: dict[str, Probe],
    every: float,
) -> None:
    key = heartbeat_key(namespace, service, instance)
    while True:
        deps = await check(probes)
        body = json.dumps(
            {"service": service, "instance": instance, "at": time.time(), "dependencies": deps}
        )
        try:
            await client.set(key, body, ex=max(1, round(every * 3)))
        except Exception as exc:  # Redis down: nothing to report to; the gateway sees it too
            log.warning("heartbeat_failed", error=type(exc).__name__)
        await asyncio.sleep(every)


async def read_heartbeats(
    client: aioredis.Redis, namespace: str
) -> dict[str, list[dict[str, Any]]]:
    beats: dict[str, list[dict[str, Any]]] = {s: [] for s in SERVICES}
    keys = [k async for k in client.scan_iter(match=f"{namespace}:health:*", count=200)]
    for raw in await client.mget(keys) if keys else []:
        if raw is not None:
            beat = json.loads(raw)
            beats.setdefault(beat["service"], []).append(beat)
    return beats


def service_status(beats: list[dict[str, Any]]) -> Status:
    """ok if some live instance reaches all its dependencies; degraded if none does."""
    if not beats:
        return "down"
    if any(all(v == "ok" for v in b["dependencies"].values()) for b in beats):
        return "ok"
    return "degraded"
