"""Several gateway processes on one port (GATEWAY_WORKERS): each reads its own replies, and
their metrics are served summed on the one metrics port."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
from aiokafka.admin import AIOKafkaAdminClient

from rlkernel.topics import Topics
from rlservice.deployment import free_port
from tests.support.api import Api, wait_ready
from tests.support.stack import Stack
from tests.support.waiting import wait_for


async def _topics(bootstrap: str) -> list[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return list(await admin.list_topics())
    finally:
        await admin.close()


def reply_topics(stack: Stack) -> list[str]:
    prefix = Topics(stack.namespace).replies("")
    return [t for t in asyncio.run(_topics(stack.kafka)) if t.startswith(prefix)]


def test_two_gateway_workers_each_get_their_replies_and_count_decisions_together(
    stack: Stack,
) -> None:
    metrics_port = free_port()
    stack.start("gateway", GATEWAY_WORKERS="2", METRICS_PORT=str(metrics_port))
    stack.start("decision")
    wait_ready(stack)
    wait_for(lambda: reply_topics(stack), lambda t: len(t) == 2, 60, "a reply topic per worker")
    api = Api(stack)
    users = [api.add_justin_user() for _ in range(8)]

    def ask(user: str) -> dict[str, object]:
        # A connection of its own per request: whichever worker accepts it answers it.
        response = httpx.post(
            f"{stack.url}/api/v1/action",
            json={
                "user_id": user,
                "timestamp": "2026-01-01T00:00:00Z",
                "decision_idx": 0,
                "context": {"temperature": 20},
            },
            headers={"Authorization": f"Bearer {api.token}"},
            timeout=10,
        )
        assert response.status_code == 201, response.text
        body: dict[str, object] = response.json()
        return body

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(ask, users * 3))
    assert [a["fallback"] for a in answers] == [False] * 24
    metrics = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).text
    assert 'rls_gateway_decisions_total{outcome="policy",study="justin"} 24.0' in metrics
