"""A test's Kafka topics go with it: a broker that collects thousands of partitions from earlier
tests takes minutes to restart, and the outage tests restart it."""

from __future__ import annotations

import asyncio

from aiokafka.admin import AIOKafkaAdminClient


async def _delete_namespace_topics(bootstrap: str, namespace: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        mine = [t for t in await admin.list_topics() if t.startswith(f"{namespace}.")]
        if mine:
            await admin.delete_topics(mine)
    finally:
        await admin.close()


def delete_namespace_topics(bootstrap: str, namespace: str) -> None:
    asyncio.run(_delete_namespace_topics(bootstrap, namespace))
