"""The gateway's long-lived clients, created in the lifespan and reached through deps.py."""

from __future__ import annotations

import asyncio
import os
import socket
from dataclasses import dataclass, field

import redis.asyncio as aioredis
from faststream.kafka import KafkaBroker
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from tenacity import AsyncRetrying, wait_exponential

from rlcommon.db.engine import make_engine, make_sessionmaker
from rlcommon.health import Probe, postgres_probe, redis_probe
from rlcommon.kafka import make_broker
from rlcommon.logs import get_logger
from rlcommon.settings import Settings
from rlcommon.stores import make_redis
from rlcommon.topics import Topics

log = get_logger(__name__)


@dataclass
class GatewayState:
    settings: Settings
    topics: Topics = field(init=False)
    broker: KafkaBroker = field(init=False)
    redis: aioredis.Redis = field(init=False)
    engine: Engine = field(init=False)
    sessions: sessionmaker[Session] = field(init=False)
    kafka_ready: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        if not self.settings.instance_id:
            self.settings.instance_id = f"{socket.gethostname()}-{os.getpid()}"
        self.topics = Topics(self.settings.rls_namespace)
        self.broker = make_broker(self.settings, "gateway")
        self.redis = make_redis(self.settings)
        self.engine = make_engine(self.settings)
        self.sessions = make_sessionmaker(self.engine)

    @property
    def instance(self) -> str:
        return self.settings.instance_id

    async def connect_kafka(self) -> None:
        """Runs in the background: the API starts (and /healthz answers) while Kafka is down."""
        async for attempt in AsyncRetrying(wait=wait_exponential(max=5)):
            with attempt:
                await self.broker.start()
        self.kafka_ready.set()
        log.info("kafka_connected", instance=self.instance)

    def probes(self) -> dict[str, Probe]:
        async def kafka() -> bool:
            return self.kafka_ready.is_set() and bool(await self.broker.ping(timeout=1.0))
        return {"kafka": kafka, "redis": redis_probe(self.redis),
                "postgres": postgres_probe(self.engine)}

    async def close(self) -> None:
        await self.broker.stop()
        await self.redis.aclose()
        self.engine.dispose()
