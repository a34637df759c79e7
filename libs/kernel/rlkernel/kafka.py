"""Kafka plumbing shared by the services: the broker factory and topic creation."""

from __future__ import annotations

import contextlib
import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from prometheus_client import REGISTRY

from rlkernel.settings import Settings
from rlkernel.topics import TopicSpec


def make_broker(settings: Settings, service: str) -> KafkaBroker:
    """acks=all: a publish that returned is on the log. At least once, not exactly once: every
    event has an event id and every consumer (and replay) counts an event id once. aiokafka's
    idempotent producer does not recover from OutOfOrderSequenceNumber after a broker restart
    (every later send of that process failed; the fault drill found it), so it is off."""
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=f"{settings.rls_namespace}-{service}-{settings.instance_id or 'main'}",
        enable_idempotence=False,
        acks="all",
        linger_ms=0,
        request_timeout_ms=10_000,
        graceful_timeout=15.0,
        middlewares=[KafkaPrometheusMiddleware(registry=REGISTRY)],
        # FastStream logs every message received and processed at this level: keep those
        # per-message lines out of INFO logs (they cost CPU on the hot path, and say nothing).
        log_level=logging.DEBUG,
        logger=logging.getLogger(f"rlservice.{service}.broker"),
    )


async def ensure_topics(settings: Settings, specs: list[TopicSpec]) -> list[str]:
    """Creates the topics that do not exist yet; returns the names it created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [s for s in specs if s.name not in existing]
        for spec in missing:
            # Another process may create it in between: that is what we wanted.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(
                    [
                        NewTopic(
                            spec.name,
                            spec.partitions,
                            1,
                            topic_configs={"retention.ms": spec.retention_ms},
                        )
                    ]
                )
        return [s.name for s in missing]
    finally:
        await admin.close()
