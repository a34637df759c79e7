"""Kafka round trip between two service processes, for a small event (a benchmark, not a test).

An echo process (a FastStream subscriber built by rlcommon's broker factory, like every service)
republishes each ping; this process publishes pings one at a time and times each until its echo
arrives. Usage: python bench/kafka_roundtrip.py [--count 2000]. Writes results/kafka_roundtrip.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
from faststream.kafka import KafkaBroker

from rlkernel.kafka import ensure_topics, make_broker
from rlkernel.settings import Settings
from rlkernel.topics import HOUR_MS, TopicSpec

RESULTS = Path(__file__).resolve().parents[1] / "results"


def echo(settings: Settings, ping: str, pong: str) -> None:
    broker = make_broker(settings, "bench-echo")

    @broker.subscriber(ping, group_id=f"{ping}-echo", auto_offset_reset="earliest")
    async def reply(body: dict[str, object]) -> None:
        await broker.publish(body, topic=pong)

    async def main() -> None:
        async with broker:
            await broker.start()
            print("ready", flush=True)
            await asyncio.Event().wait()

    asyncio.run(main())


async def measure(settings: Settings, ping: str, pong: str, count: int) -> list[float]:
    broker: KafkaBroker = make_broker(settings, "bench-client")
    arrived: asyncio.Queue[float] = asyncio.Queue()

    @broker.subscriber(pong, auto_offset_reset="latest")
    async def on_pong(body: dict[str, object]) -> None:
        await arrived.put(time.perf_counter())

    latencies = []
    async with broker:
        await broker.start()
        await asyncio.sleep(2)  # let the pong consumer get its partition
        for i in range(count + 100):
            sent = time.perf_counter()
            await broker.publish({"seq": i, "id": uuid.uuid4().hex}, topic=ping)
            got = await asyncio.wait_for(arrived.get(), 10)
            if i >= 100:  # the first hundred warm up connections and the JIT-less caches
                latencies.append((got - sent) * 1000)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--echo", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    settings = Settings()
    if args.echo:
        echo(settings, *args.echo)
        return
    run = uuid.uuid4().hex[:8]
    ping, pong = f"bench.ping.{run}", f"bench.pong.{run}"
    asyncio.run(
        ensure_topics(
            settings, [TopicSpec(ping, 1, HOUR_MS, False), TopicSpec(pong, 1, HOUR_MS, False)]
        )
    )
    proc = subprocess.Popen(
        [sys.executable, __file__, "--echo", ping, pong],
        stdout=subprocess.PIPE,
        env=os.environ.copy(),
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        lat = np.array(asyncio.run(measure(settings, ping, pong, args.count)))
    finally:
        proc.terminate()
        proc.wait()
    result = {
        "benchmark": "kafka_roundtrip",
        "events": len(lat),
        "event_bytes": 60,
        "p50_ms": round(float(np.percentile(lat, 50)), 3),
        "p99_ms": round(float(np.percentile(lat, 99)), 3),
        "mean_ms": round(float(lat.mean()), 3),
        "command": f"python bench/kafka_roundtrip.py --count {args.count}",
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "kafka_roundtrip.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
