"""What a simulation session leaves in the shared stores, found and removed by its id: its
PostgreSQL database, its namespace's Kafka topics and Redis keys. Its consumer groups are left
to Kafka, which forgets an empty group's offsets after `offsets.retention.minutes` (7 days)."""

from __future__ import annotations

import asyncio

import redis
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from redis.exceptions import RedisError
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from rlkernel.kafka_connection import client_options
from rlkernel.settings import Settings
from rlservice.deployment import drop_database

from .sandbox import database_name, namespace_of
from .sessions import Stored

# What a store that is away or refuses raises (a connection refused is an OSError).
STORE_ERRORS = (SQLAlchemyError, KafkaError, RedisError, OSError)


class LiveStores:
    """The stores the settings point at: the same ones the sessions were created on."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def stored(self, sessions: list[str]) -> dict[str, Stored]:
        if not sessions:
            return {}
        databases = self._databases([database_name(s) for s in sessions])
        topics = asyncio.run(self._topics())
        return {
            s: Stored(
                database_name(s) in databases,
                sum(t.startswith(f"{namespace_of(s)}.") for t in topics),
            )
            for s in sessions
        }

    def remove(self, session: str) -> None:
        drop_database(self.settings.database_url.get_secret_value(), database_name(session))
        asyncio.run(self._delete_topics(namespace_of(session)))
        client = redis.Redis.from_url(self.settings.redis_url.get_secret_value())
        try:
            keys = list(client.scan_iter(match=f"{namespace_of(session)}:*", count=1000))
            for start in range(0, len(keys), 1000):
                client.unlink(*keys[start : start + 1000])
        finally:
            client.close()

    def _databases(self, names: list[str]) -> set[str]:
        engine = create_engine(self.settings.database_url.get_secret_value())
        try:
            with engine.connect() as conn:
                found = conn.execute(
                    text("SELECT datname FROM pg_database WHERE datname = ANY(:names)"),
                    {"names": names},
                )
                return {str(name) for (name,) in found}
        finally:
            engine.dispose()

    async def _topics(self) -> list[str]:
        admin = AIOKafkaAdminClient(**client_options(self.settings))
        await admin.start()
        try:
            return list(await admin.list_topics())
        finally:
            await admin.close()

    async def _delete_topics(self, namespace: str) -> None:
        admin = AIOKafkaAdminClient(**client_options(self.settings))
        await admin.start()
        try:
            mine = [t for t in await admin.list_topics() if t.startswith(f"{namespace}.")]
            if mine:
                await admin.delete_topics(mine)
        finally:
            await admin.close()
