"""The morning burst: N participants all asking for their morning action within 60 seconds
(a benchmark, not a test). Open loop at N/60 requests a second, each a new randomization of
the MiWaves study through the gateway. Needs the stack up (`make up`).
Usage: python bench/bench_burst.py [--participants 10000] [--seconds 60]
Writes results/bench_burst.json: errors, fallbacks and latency percentiles.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import numpy as np

from rlkernel.settings import Settings

RESULTS = Path(__file__).resolve().parents[1] / "results"
ACTION = {
    "finished_ema": True,
    "activity_question_response": True,
    "app_use_flag": False,
    "cannabis_use": [0, 0],
}


async def register(session: aiohttp.ClientSession, base: str, n: int) -> list[str]:
    today = datetime.now(ZoneInfo("America/Detroit")).date()
    end = str(today + timedelta(days=29))
    users = [f"burst-{uuid.uuid4().hex[:10]}" for _ in range(n)]
    sem = asyncio.Semaphore(50)

    async def one(user: str) -> None:
        async with (
            sem,
            session.post(
                f"{base}/register",
                json={
                    "user_id": user,
                    "morning_notification_time_start": [0] * 7,
                    "evening_notification_time_start": [2359] * 7,
                    "consent_start_date": str(today),
                    "consent_end_date": end,
                    "rl_start_date": str(today),
                    "rl_end_date": end,
                },
            ) as r,
        ):
            assert r.status == 200, await r.text()

    await asyncio.gather(*(one(u) for u in users))
    return users


async def burst(
    session: aiohttp.ClientSession, base: str, users: list[str], seconds: float
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = fallbacks = 0

    async def one(user: str, due: float) -> None:
        nonlocal errors, fallbacks
        try:
            async with session.post(f"{base}/actions", json={"user_id": user, **ACTION}) as r:
                body = await r.json()
                errors += r.status != 200
                fallbacks += bool(r.status == 200 and body.get("fallback"))
        except (aiohttp.ClientError, TimeoutError):
            errors += 1
        latencies.append((time.perf_counter() - due) * 1000)

    rate = len(users) / seconds
    t0 = time.perf_counter() + 0.05
    tasks = []
    for i, user in enumerate(users):
        due = t0 + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        tasks.append(asyncio.create_task(one(user, due)))
    await asyncio.gather(*tasks)
    lat = np.array(latencies)
    return {
        "requests": len(users),
        "rate_per_second": round(rate, 1),
        "elapsed_seconds": round(time.perf_counter() - t0, 1),
        "errors": errors,
        "fallbacks": fallbacks,
        "p50_ms": round(float(np.percentile(lat, 50)), 1),
        "p95_ms": round(float(np.percentile(lat, 95)), 1),
        "p99_ms": round(float(np.percentile(lat, 99)), 1),
    }


async def main(n: int, seconds: float) -> dict[str, Any]:
    s = Settings()
    base = f"http://{s.gateway_host}:{s.gateway_port}"
    headers = {"Authorization": f"Bearer {s.admin_token.get_secret_value()}"}
    async with aiohttp.ClientSession(
        headers=headers,
        timeout=aiohttp.ClientTimeout(total=30),
        connector=aiohttp.TCPConnector(limit=500),
    ) as session:
        started = time.perf_counter()
        users = await register(session, base, n)
        registered = time.perf_counter() - started
        result = await burst(session, base, users, seconds)
    return {
        "benchmark": "morning_burst",
        "participants": n,
        "window_seconds": seconds,
        "registration_seconds": round(registered, 1),
        **result,
        "command": f"python bench/bench_burst.py --participants {n} --seconds {seconds:g}",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    out = asyncio.run(main(args.participants, args.seconds))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_burst.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
