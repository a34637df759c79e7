"""Closed windows ingested per second against the mock backend (a benchmark, not a test).

Needs the dev stack (`make up`, which runs the mock backend). Registers N MiWaves participants,
asks each for an action (window 0), gives the mock backend each one's EMA record, then
publishes N `windows.closed` events at once (straight to Kafka: the gateway would refuse to
close a window that is still open) and times until ingest has pulled, checked and stored all.
Usage: python bench/bench_ingest.py [--participants 300]. Writes results/bench_ingest.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import create_engine, text

from rlkernel.events import WindowClosed
from rlkernel.kafka import make_broker
from rlkernel.secrets import secret
from rlkernel.settings import Settings
from rlkernel.topics import Topics
from rlservice.admin_client import admin_token, create_client

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, Python puts bench/ on the path, not the root

from bench.load_workloads import miwaves_baseline  # noqa: E402

RESULTS = ROOT / "results"
TZ = ZoneInfo("America/Detroit")


async def prepare(
    http: httpx.AsyncClient, backend: httpx.AsyncClient, n: int
) -> list[dict[str, str]]:
    sem = asyncio.Semaphore(20)

    async def one() -> dict[str, str]:
        user = f"bi-{uuid.uuid4().hex[:10]}"
        async with sem:
            (
                await http.post(
                    "/register",
                    json={"user_id": user, **miwaves_baseline()},
                )
            ).raise_for_status()
            d = (
                await http.post(
                    "/actions",
                    json={
                        "user_id": user,
                        "finished_ema": True,
                        "activity_question_response": False,
                        "app_use_flag": True,
                        "cannabis_use": [0],
                    },
                )
            ).json()
            record = {
                "user_id": user,
                "finished_ema": True,
                "activity_question_response": False,
                "app_use_flag": True,
                "cannabis_use": [0],
                "action_taken": d["action"],
                "seed": d["seed"],
                "act_prob": d["act_prob"],
                "policy_id": d["policy_id"],
                "decision_index": d["decision_index"],
                "act_gen_timestamp": d["act_gen_timestamp"],
                "rid": d["rid"],
                "timestamp_finished_ema": "NA",
                "message_notification_sent_time": "NA",
                "message_notification_click_time": "NA",
                "morning_notification_time_start": [0] * 7,
                "evening_notification_time_start": [2359] * 7,
            }
            (
                await backend.post("/control/records", json={"user_id": user, "records": [record]})
            ).raise_for_status()
            return {"user": user, "decided_at": d["act_gen_timestamp"]}

    return await asyncio.gather(*(one() for _ in range(n)))


async def main(n: int) -> dict[str, object]:
    s = Settings()
    base = f"http://127.0.0.1:{s.gateway_port}"
    roles = [(s.miwaves_study, "backend")]
    client = create_client(
        base, admin_token(base, s), f"ingest-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex, roles
    )
    backend = {"Authorization": f"Bearer {client}"}
    token = secret("MIWAVES_BACKEND_TOKEN")
    async with (
        httpx.AsyncClient(base_url=base, headers=backend, timeout=30) as http,
        httpx.AsyncClient(
            base_url="http://127.0.0.1:8001", headers={"Authorization": f"Bearer {token}"}
        ) as be,
    ):
        people = await prepare(http, be, n)
    topics, broker = Topics(s.rls_namespace), make_broker(s, "bench-ingest")
    today = datetime.now(TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    engine = create_engine(s.database_url.get_secret_value())
    users = [p["user"] for p in people]
    async with broker:
        await broker.start()
        started = time.perf_counter()
        for p in people:
            await broker.publish(
                WindowClosed(
                    study_id="miwaves",
                    participant_id=p["user"],
                    decision_index=0,
                    start_time=today,
                    end_time=today.replace(hour=23, minute=59),
                ),
                topic=topics.windows_closed,
                key=p["user"].encode(),
            )
    done = 0
    while done < n and time.perf_counter() - started < 300:
        await asyncio.sleep(0.2)
        with engine.connect() as conn:
            done = conn.execute(
                text(
                    "SELECT count(*) FROM windows WHERE status <> 'pending' AND participant_id IN "
                    "(SELECT unnest(CAST(:u AS text[])))"
                ),
                {"u": users},
            ).scalar_one()
    seconds = time.perf_counter() - started
    with engine.connect() as conn:
        stored = conn.execute(
            text(
                "SELECT count(*) FROM observations WHERE participant_id IN "
                "(SELECT unnest(CAST(:u AS text[])))"
            ),
            {"u": users},
        ).scalar_one()
    return {
        "benchmark": "ingest_closed_windows",
        "windows": n,
        "finished": done,
        "observations_stored": stored,
        "seconds": round(seconds, 2),
        "windows_per_second": round(done / seconds, 1),
        "command": f"python bench/bench_ingest.py --participants {n}",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=300)
    result = asyncio.run(main(parser.parse_args().participants))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_ingest.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
