"""One drill on a running deployment: traffic throughout, the faults in turn with a recovery
after each, then the settling, the checks and the replay. The benchmark (bench/drill.py) and
the e2e test (tests/e2e/test_drill.py) both run it; they differ in the plan."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.drill_checks import verify
from bench.drill_faults import Fault, first_after, inject, wait_flowing, wait_healthy
from bench.drill_latency import longest_pause, percentiles
from bench.drill_replay import replay_study
from bench.drill_settle import settle
from bench.drill_traffic import Ledger, Traffic, new_session
from rlservice.admin_client import admin_token, create_client
from rlservice.deployment import Deployment
from tests.support.infra import Infra

RECOVERY_SECONDS = 180  # a fault the stack has not got over by then is reported as such


@dataclass(frozen=True)
class Plan:
    faults: tuple[Fault, ...]
    seconds: float  # of traffic after each recovery (and before the first fault)
    clients: int
    participants: int
    down_seconds: float = 3.0  # how long Kafka, Redis or PostgreSQL stays stopped
    patience: float = 60.0  # for a failing slot once the traffic stops
    study: str = "justin"  # the JustIn routes' study in the deployment


def _login(dep: Deployment, study: str) -> str:
    """A new client, the backend of the drill's study, and its token (before the traffic)."""
    admin = admin_token(dep.url, dep.settings())
    user, password = f"drill-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    return create_client(dep.url, admin, user, password, [(study, "backend")])


async def _add_users(traffic: Traffic, n: int) -> list[str]:
    users = [f"drill-{uuid.uuid4().hex[:10]}" for _ in range(n)]
    headers = {"Authorization": f"Bearer {traffic.token}"}
    for user in users:
        url = f"{traffic.base}/api/v1/add_user"
        async with traffic.session.post(url, json={"user_id": user}, headers=headers) as r:
            assert r.status == 201, await r.text()
    return users


async def _phase(
    traffic: Traffic, fault: Fault, dep: Deployment, infra: Infra, plan: Plan, t0: float
) -> dict[str, Any]:
    ledger = traffic.ledger
    before, fallbacks = ledger.statuses.copy(), ledger.fallbacks
    injected = time.monotonic()
    took = await inject(fault, dep, infra, plan.down_seconds)
    restored, restored_wall = time.monotonic(), time.time()
    healthy = await wait_healthy(dep, fault, restored_wall, RECOVERY_SECONDS)
    healthy_at = time.monotonic()
    flowing = healthy and await wait_flowing(
        ledger.decided_at, healthy_at, plan.clients, plan.seconds, RECOVERY_SECONDS
    )
    first = first_after(ledger.decided_at, restored)
    return {
        "fault": fault.name,
        "at_seconds": round(injected - t0, 1),
        "restored_after_seconds": round(restored - injected, 1),
        **took,
        "healthy_after_seconds": round(healthy_at - restored, 1) if healthy else None,
        "first_decision_after_seconds": round(first, 2) if first is not None else None,
        "recovered": bool(flowing),
        "answers": dict(ledger.statuses - before),
        "fallbacks": ledger.fallbacks - fallbacks,
        "longest_pause_seconds": longest_pause(ledger.answered, injected, time.monotonic()),
    }


async def _traffic_and_faults(dep: Deployment, infra: Infra, plan: Plan) -> dict[str, Any]:
    token = await asyncio.to_thread(_login, dep, plan.study)
    async with new_session() as session:
        traffic = Traffic(session, dep.url, token)
        users = await _add_users(traffic, plan.participants)
        t0 = time.monotonic()
        clients = [
            asyncio.create_task(traffic.client(users[k :: plan.clients]))
            for k in range(plan.clients)
        ]
        if not await wait_flowing(traffic.ledger.decided_at, t0, plan.clients, plan.seconds, 60):
            raise RuntimeError("no decisions within 60 s before any fault: is the stack up?")
        phases = [await _phase(traffic, f, dep, infra, plan, t0) for f in plan.faults]
        traffic.stop(plan.patience)
        await asyncio.gather(*clients)
        return {"ledger": traffic.ledger, "phases": phases, "seconds": time.monotonic() - t0}


def run_drill(dep: Deployment, infra: Infra, plan: Plan, report: Path) -> dict[str, Any]:
    """The whole drill on `dep`, whose four services run; returns the results."""
    ran = asyncio.run(_traffic_and_faults(dep, infra, plan))
    ledger: Ledger = ran["ledger"]
    settled = settle(dep, RECOVERY_SECONDS)
    verdict = verify(dep, ledger, plan.study)
    audit = replay_study(dep, plan.study, report)
    return {
        "traffic_seconds": round(ran["seconds"], 1),
        "settle_seconds": round(settled, 1),
        "requests_sent": ledger.sent,
        "answers_by_status": dict(ledger.statuses.most_common()),
        "retries": dict(ledger.retries),
        "refused": ledger.refused[:10],
        "refused_count": len(ledger.refused),
        "abandoned": len(ledger.abandoned),
        "fallbacks": ledger.fallbacks,
        "latency": percentiles(ledger.answered),
        "faults": ran["phases"],
        **verdict.summary(),
        "replay": audit,
    }
