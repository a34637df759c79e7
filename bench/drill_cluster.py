"""The three-broker Kafka of the replication drill (deploy/kafka_cluster.sh), and its fault: a
broker killed with SIGKILL under load, left down a while, started again, and then the wait until
every partition of the deployment's topics has all three copies in sync again (the ISR full), so
the next kill cannot take the last up-to-date copy."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from rlkernel.settings import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "deploy" / "kafka_cluster.sh"
BOOTSTRAP = "127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094"
REPLICATION = {"KAFKA_REPLICATION_FACTOR": "3", "KAFKA_MIN_INSYNC_REPLICAS": "2"}
ISR_WITHIN = 180.0


def cluster(*args: str) -> None:
    subprocess.run([str(SCRIPT), *args], check=True, capture_output=True)


async def under_replicated(bootstrap: str, prefix: str) -> int:
    """Partitions of the topics named `prefix`* (and the consumer offsets) short of a full ISR."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        names = [t for t in await admin.list_topics() if t.startswith(prefix)]
        topics = await admin.describe_topics([*names, "__consumer_offsets"])
        return sum(len(p["isr"]) < len(p["replicas"]) for t in topics for p in t["partitions"])
    finally:
        await admin.close()


async def wait_isr_full(prefix: str, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        # A broker still starting answers with errors: ask again.
        with contextlib.suppress(KafkaError, OSError):
            if await under_replicated(BOOTSTRAP, prefix) == 0:
                return True
        await asyncio.sleep(0.5)
    return False


async def broker_outage(node: int, namespace: str, down_seconds: float) -> dict[str, float]:
    """SIGKILL broker `node`, keep it down `down_seconds` (the load goes on), start it again and
    wait for the ISR to be full; returns how long the restart and the catching up took."""
    await asyncio.to_thread(cluster, "kill", str(node))
    await asyncio.sleep(down_seconds)  # an outage lasts a while: that is the fault
    started = time.monotonic()
    await asyncio.to_thread(cluster, "start", str(node))
    listening = time.monotonic()
    full = await wait_isr_full(f"{namespace}.", ISR_WITHIN)
    return {
        "start_seconds": round(listening - started, 1),
        "isr_full_after_seconds": round(time.monotonic() - listening, 1) if full else -1.0,
    }
