"""Action requests through the gateway at rising rates (a benchmark, not a test).

Open loop: request i is due at t0 + i/rate whatever happened to earlier ones, and its latency
counts from when it was due, so a stalled server cannot hide queueing (coordinated omission).
Every request is a new slot (JustIn study: a fresh participant x decision index), i.e. a real
randomization through Kafka, not a repeat answered from the claim.

Needs the stack up (`make up`). Usage:
  python bench/bench_actions.py [--rates 50,100,200,400,800,1000] [--seconds 8]
Writes results/bench_actions.json; prints a table, and where the time went inside the gateway
(from its Prometheus histograms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import numpy as np
from rich.console import Console
from rich.table import Table

from rlkernel.settings import Settings

RESULTS = Path(__file__).resolve().parents[1] / "results"
METRICS = "http://127.0.0.1:9100/metrics"  # the gateway's metrics port
console = Console()


async def setup(http: httpx.AsyncClient, admin: str, participants: int) -> str:
    user, password = f"bench-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    auth = {"Authorization": f"Bearer {admin}"}
    (
        await http.post("/v1/clients", json={"username": user, "password": password}, headers=auth)
    ).raise_for_status()
    token = (await http.post("/v1/tokens", json={"username": user, "password": password})).json()[
        "access_token"
    ]
    return str(token)


async def add_users(http: httpx.AsyncClient, token: str, n: int) -> list[str]:
    users = [f"b-{uuid.uuid4().hex[:10]}" for _ in range(n)]
    sem = asyncio.Semaphore(20)

    async def add(u: str) -> None:
        async with sem:
            r = await http.post(
                "/api/v1/add_user",
                json={"user_id": u},
                headers={"Authorization": f"Bearer {token}"},
            )
            r.raise_for_status()

    await asyncio.gather(*(add(u) for u in users))
    return users


def phase_sums(metrics_text: str) -> dict[str, tuple[float, float]]:
    out = {}
    for phase in ("participant_lookup", "slot_lookup", "publish_request", "await_decision"):
        s = re.search(
            rf'rls_gateway_action_phase_seconds_sum{{phase="{phase}"}} (\S+)', metrics_text
        )
        c = re.search(
            rf'rls_gateway_action_phase_seconds_count{{phase="{phase}"}} (\S+)', metrics_text
        )
        out[phase] = (float(s.group(1)) if s else 0.0, float(c.group(1)) if c else 0.0)
    return out


async def run_rate(
    session: aiohttp.ClientSession,
    base: str,
    token: str,
    users: list[str],
    rate: int,
    seconds: float,
    index_base: int,
) -> dict[str, Any]:
    n = int(rate * seconds)
    headers = {"Authorization": f"Bearer {token}"}
    latencies: list[float] = []
    errors = fallbacks = 0

    async def one(i: int, due: float) -> None:
        nonlocal errors, fallbacks
        body = {
            "user_id": users[i % len(users)],
            "timestamp": "2026-01-01T00:00:00Z",
            "decision_idx": index_base + i // len(users),
            "context": {"temperature": 20},
        }
        ok = False
        try:
            async with session.post(f"{base}/api/v1/action", json=body, headers=headers) as r:
                answer = await r.json()
                ok = r.status == 200
                fallbacks += bool(ok and answer.get("fallback"))
        except (aiohttp.ClientError, TimeoutError):
            ok = False
        latencies.append((time.perf_counter() - due) * 1000)
        errors += not ok

    t0 = time.perf_counter() + 0.05
    tasks = []
    for i in range(n):
        due = t0 + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    lat = np.array(latencies)
    return {
        "rate": rate,
        "requests": n,
        "achieved_rps": round(n / elapsed, 1),
        "errors": errors,
        "fallbacks": fallbacks,
        "p50_ms": round(float(np.percentile(lat, 50)), 2),
        "p95_ms": round(float(np.percentile(lat, 95)), 2),
        "p99_ms": round(float(np.percentile(lat, 99)), 2),
    }


async def main(rates: list[int], seconds: float) -> dict[str, Any]:
    s = Settings()
    base = f"http://{s.gateway_host}:{s.gateway_port}"
    limits = httpx.Limits(max_connections=400, max_keepalive_connections=400)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as http:
        token = await setup(http, s.admin_token.get_secret_value(), 0)
        # aiohttp sends the load: httpx's async client could not push past ~80 requests/s
        # on this machine, which measured the load generator rather than the service.
        session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=500), timeout=aiohttp.ClientTimeout(total=10)
        )
        users = await add_users(http, token, 500)
        rows, breakdown = [], []
        for k, rate in enumerate(rates):
            before = phase_sums((await http.get(METRICS)).text)
            row = await run_rate(session, base, token, users, rate, seconds, index_base=k * 10_000)
            after = phase_sums((await http.get(METRICS)).text)
            rows.append(row)
            breakdown.append(
                {
                    "rate": rate,
                    **{
                        f"{p}_mean_ms": round(
                            1000
                            * (after[p][0] - before[p][0])
                            / max(1.0, after[p][1] - before[p][1]),
                            3,
                        )
                        for p in after
                    },
                }
            )
            console.print(row)
            await asyncio.sleep(2)
        await session.close()
    held = [r["rate"] for r in rows if r["p99_ms"] <= 50 and r["errors"] == 0]
    return {
        "benchmark": "actions_through_gateway",
        "seconds_per_rate": seconds,
        "rates": rows,
        "gateway_phase_means": breakdown,
        "highest_rate_with_p99_le_50ms": max(held) if held else None,
        "command": "python bench/bench_actions.py --rates "
        + ",".join(map(str, rates))
        + f" --seconds {seconds:g}",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", default="50,100,200,400,600,800,1000")
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    result = asyncio.run(main([int(r) for r in args.rates.split(",")], args.seconds))
    table = Table("rate/s", "achieved/s", "errors", "fallbacks", "p50 ms", "p95 ms", "p99 ms")
    for r in result["rates"]:
        table.add_row(
            *(
                str(r[k])
                for k in (
                    "rate",
                    "achieved_rps",
                    "errors",
                    "fallbacks",
                    "p50_ms",
                    "p95_ms",
                    "p99_ms",
                )
            )
        )
    console.print(table)
    console.print(result["gateway_phase_means"])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_actions.json").write_text(json.dumps(result, indent=2) + "\n")
