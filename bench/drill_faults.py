"""The drill's faults, injected one at a time under load: a service killed with SIGKILL and
started again, Kafka, Redis or PostgreSQL stopped and started, Redis flushed, or (the
replication drill) a broker of the three-broker cluster killed with SIGKILL and started again.
After each the drill waits for conditions, not the clock: the stack healthy again (a restarted
service by its new process's heartbeat, not the old one's, which outlives it by a few seconds),
then traffic flowing through the decision service again for a while."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from bisect import bisect
from dataclasses import dataclass

import redis

from bench.drill_cluster import broker_outage
from rlservice.deployment import Deployment
from tests.support.infra import Infra


@dataclass(frozen=True)
class Fault:
    kind: str  # "kill", "restart", "flush", or "sigkill" (a broker of the cluster)
    target: str  # a service, or kafka / redis / postgres, or "broker N"

    @property
    def name(self) -> str:
        return f"{self.kind} {self.target}"


EVERY_FAULT = (
    *(Fault("kill", s) for s in ("gateway", "decision", "ingest", "trainer")),
    *(Fault("restart", d) for d in ("kafka", "redis", "postgres")),
    Fault("flush", "redis"),
)


async def inject(
    fault: Fault, dep: Deployment, infra: Infra, down_seconds: float
) -> dict[str, float]:
    """Returns when the fault is over (the service or the store started again), with how long
    a store took to stop and to start (deploy/infra.sh waits for each)."""
    took: dict[str, float] = {}
    if fault.kind == "kill":
        proc = dep.procs.pop(fault.target)
        os.kill(proc.pid, signal.SIGKILL)
        await asyncio.to_thread(proc.wait)
        dep.start(fault.target)
    elif fault.kind == "restart":
        started = time.monotonic()
        try:
            await asyncio.to_thread(infra.stop, fault.target)
            took["stop_seconds"] = round(time.monotonic() - started, 1)
            await asyncio.sleep(down_seconds)  # an outage lasts a while: that is the fault
        finally:  # whatever happened, the shared store is not left stopped
            started = time.monotonic()
            await asyncio.to_thread(infra.start, fault.target)
            took["start_seconds"] = round(time.monotonic() - started, 1)
    elif fault.kind == "sigkill":  # "broker N" of the three-broker cluster (drill_brokers.py)
        took = await broker_outage(int(fault.target.split()[-1]), dep.namespace, down_seconds)
    elif fault.kind == "flush":
        await asyncio.to_thread(_flush, dep.redis_url)
    else:
        raise ValueError(f"no such fault kind: {fault.kind}")
    return took


def healthy(dep: Deployment, fault: Fault, since: float) -> bool:
    report = dep.health()
    if report.get("status") != "ok":
        return False
    if fault.kind != "kill" or fault.target == "gateway":  # a gateway that answers is the new one
        return True
    return _heartbeat_at(dep, fault.target) > since


def _heartbeat_at(dep: Deployment, service: str) -> float:
    """When the service's instance last reported, by the wall clock (as heartbeats say it)."""
    key = f"{dep.namespace}:health:{service}:{dep.namespace}-{service}"
    try:
        with redis.Redis.from_url(dep.redis_url) as client:
            raw = client.get(key)
    except redis.RedisError:
        return 0.0
    return float(json.loads(raw)["at"]) if raw else 0.0


def _flush(url: str) -> None:
    with redis.Redis.from_url(url) as client:
        client.flushall()


async def wait_healthy(dep: Deployment, fault: Fault, since: float, within: float) -> bool:
    """Until the stack reports healthy after `fault` (restored at wall-clock time `since`)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await asyncio.to_thread(healthy, dep, fault, since):
            return True
        await asyncio.sleep(0.2)
    return False


async def wait_flowing(
    decided_at: list[float], since: float, at_least: int, seconds: float, within: float
) -> bool:
    """Until the decision service has answered `at_least` actions after `since` (monotonic)
    and `seconds` have passed since then: traffic flows again, not just health."""
    while (waited := time.monotonic() - since) < within:
        if waited >= seconds and len(decided_at) - bisect(decided_at, since) >= at_least:
            return True
        await asyncio.sleep(0.1)
    return False


def first_after(decided_at: list[float], since: float) -> float | None:
    """Seconds from `since` to the first answer by the decision service after it."""
    i = bisect(decided_at, since)
    return decided_at[i] - since if i < len(decided_at) else None
