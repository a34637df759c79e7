"""What every Kafka-driven service process shares: its clients, its heartbeat, its metrics.

A service module builds a `ServiceRuntime`, registers its subscribers on `runtime.broker`, and
calls `runtime.run()`. SIGTERM stops consuming, lets in-flight handlers finish (the broker's
graceful time-out), then closes the clients.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis
import uvloop
from faststream import FastStream
from faststream.kafka import KafkaBroker
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from tenacity import AsyncRetrying, retry_if_exception_type, wait_exponential

from rlkernel.consuming.lag import measure_forever
from rlkernel.db.engine import make_engine, make_sessionmaker
from rlkernel.deadletter import dead_letter, stored_payload, study_of
from rlkernel.health import Probe, heartbeat_forever, postgres_probe, redis_probe
from rlkernel.kafka import make_broker
from rlkernel.logs import configure_logging, get_logger
from rlkernel.metrics import DEAD_LETTERS, StudyLabels, serve_metrics
from rlkernel.publishing import Publisher
from rlkernel.redis_client import make_redis
from rlkernel.settings import Settings
from rlkernel.topics import Topics

DEFAULT_METRICS_PORTS = {"decision": 9101, "ingest": 9102, "trainer": 9103}


@dataclass
class ServiceRuntime:
    service: str
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        if not self.settings.instance_id:
            self.settings.instance_id = f"{socket.gethostname()}-{os.getpid()}"
        configure_logging(self.service, self.settings.log_level)
        self.log = get_logger(self.service)
        self.topics = Topics(self.settings.rls_namespace)
        self.broker: KafkaBroker = make_broker(self.settings, self.service)
        self.publisher = Publisher(self.broker, self.topics)
        self.redis: aioredis.Redis = make_redis(self.settings)
        self.engine: Engine = make_engine(self.settings)
        self.sessions: sessionmaker[Session] = make_sessionmaker(self.engine)
        self.study_label = StudyLabels.of(self.settings.studies_dir)
        self._tasks: list[asyncio.Task[None]] = []
        self.jobs: list[Callable[[], Coroutine[Any, Any, None]]] = []  # run while the service runs

    @property
    def instance(self) -> str:
        return self.settings.instance_id

    def probes(self) -> dict[str, Probe]:
        async def kafka() -> bool:
            return bool(await self.broker.ping(timeout=1.0))

        return {
            "kafka": kafka,
            "redis": redis_probe(self.redis),
            "postgres": postgres_probe(self.engine),
        }

    async def dead_letter(
        self, source_topic: str, reason: str, payload: dict[str, Any], key: str | None = None
    ) -> None:
        """A failure retrying cannot fix: to the dead-letter topic and table, never dropped."""
        letter = await dead_letter(
            self.publisher,
            self.sessions,
            service=self.service,
            source_topic=source_topic,
            reason=reason,
            payload=payload,
            key=key,
        )
        study = self.study_label(study_of(stored_payload(letter)))
        DEAD_LETTERS.labels(self.service, source_topic, study).inc()

    async def _start(self) -> None:
        port = self.settings.metrics_port or DEFAULT_METRICS_PORTS.get(self.service, 0)
        if port:
            serve_metrics(self.settings, port)
        # Kafka may still be coming up (or be down for maintenance): wait for it, don't exit.
        async for attempt in AsyncRetrying(
            wait=wait_exponential(max=5), retry=retry_if_exception_type(Exception), reraise=True
        ):
            with attempt:
                await self.broker.connect()
        self.log.info("started", instance=self.instance, metrics_port=port)

    async def _after_start(self) -> None:
        self._tasks += [asyncio.create_task(job()) for job in self.jobs]
        lag = measure_forever(self.broker, self.settings.consumer_lag_every_seconds)
        self._tasks.append(asyncio.create_task(lag))
        self._tasks.append(
            asyncio.create_task(
                heartbeat_forever(
                    self.redis,
                    self.settings.rls_namespace,
                    self.service,
                    self.instance,
                    self.probes(),
                    self.settings.heartbeat_seconds,
                )
            )
        )

    async def _stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        # Say goodbye at once rather than letting the heartbeat expire (Redis may be down).
        with contextlib.suppress(Exception):
            await self.redis.delete(
                f"{self.settings.rls_namespace}:health:{self.service}:{self.instance}"
            )

    async def _closed(self) -> None:
        await self.redis.aclose()
        self.engine.dispose()
        self.log.info("stopped", instance=self.instance)

    def run(self) -> None:
        app = FastStream(
            self.broker,
            on_startup=[self._start],
            after_startup=[self._after_start],
            on_shutdown=[self._stop],
            after_shutdown=[self._closed],
        )
        uvloop.run(app.run())
