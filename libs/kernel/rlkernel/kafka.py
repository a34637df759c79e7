"""Kafka plumbing shared by the services: the broker factory and topic creation."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError, for_code
from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from prometheus_client import REGISTRY

from rlkernel.kafka_alter import set_topic_configs
from rlkernel.kafka_connection import broker_security, client_options, why_unreachable
from rlkernel.settings import Settings
from rlkernel.topic_configs import Shortfall, config_changes, shortfall, wanted_configs
from rlkernel.topics import TopicSpec

TOPIC = ConfigResourceType.TOPIC
logger = logging.getLogger("rlservice.topics")


def make_broker(settings: Settings, service: str) -> KafkaBroker:
    """acks=all: a publish that returned is on the log. At least once, not exactly once: every
    event has an event id and every consumer (and replay) counts an event id once. aiokafka's
    idempotent producer does not recover from OutOfOrderSequenceNumber after a broker restart
    (every later send of that process failed; the fault drill found it), so it is off."""
    return KafkaBroker(
        # A list: FastStream takes one string as ONE address, where aiokafka's own clients split
        # "a:9092,b:9092" themselves; a cluster's three brokers would read as a bad host name.
        [s.strip() for s in settings.kafka_bootstrap_servers.split(",")],
        security=broker_security(settings),
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


@dataclass
class TopicsReport:
    """What ensure_topics did, and what it could not do."""

    created: list[str] = field(default_factory=list)
    corrected: dict[str, dict[str, str]] = field(default_factory=dict)  # topic -> new settings
    short: list[Shortfall] = field(default_factory=list)


async def ensure_topics(settings: Settings, specs: list[TopicSpec]) -> TopicsReport:
    """Creates the topics that do not exist yet with the settings wanted (rlkernel.topic_configs)
    and corrects the settings of those that do; a replication factor below the wanted one is
    logged as a warning with the command that raises it (and returned: `rlservice topics`
    fails on it)."""
    report = TopicsReport()
    admin = AIOKafkaAdminClient(**client_options(settings))
    try:
        await admin.start()
    except KafkaConnectionError as exc:  # every deployment runs this first: say what went wrong
        raise await why_unreachable(settings) from exc
    try:
        existing = set(await admin.list_topics())
        for spec in (s for s in specs if s.name not in existing):
            new = NewTopic(
                spec.name,
                spec.partitions,
                settings.kafka_replication_factor,
                topic_configs=wanted_configs(spec, settings),
            )
            # aiokafka returns Kafka's errors instead of raising them. Another process may have
            # created the topic in between: it is then corrected below, if need be.
            response = await admin.create_topics([new])
            for _, code, *message in response.topic_errors:
                if code == TopicAlreadyExistsError.errno:
                    continue
                if code:  # e.g. a factor above the number of brokers
                    raise for_code(code)(f"creating {spec.name}: {message[0] if message else ''}")
                report.created.append(spec.name)
        await _correct(admin, settings, [s for s in specs if s.name not in report.created], report)
    finally:
        await admin.close()
    for short in report.short:
        logger.warning(short.advice(settings.kafka_bootstrap_servers))
    return report


async def _correct(
    admin: AIOKafkaAdminClient, settings: Settings, specs: list[TopicSpec], report: TopicsReport
) -> None:
    if not specs:
        return
    described = await admin.describe_configs([ConfigResource(TOPIC, s.name) for s in specs])
    current = {
        name: {entry[0]: entry[1] for entry in entries}
        for response in described
        for _, _, _, name, entries, *_ in response.resources
    }
    for spec in specs:
        changes = config_changes(wanted_configs(spec, settings), current.get(spec.name, {}))
        if changes:
            report.corrected[spec.name] = changes
    await set_topic_configs(admin, report.corrected)
    for topic in await admin.describe_topics([s.name for s in specs]):
        replicas = [p["replicas"] for p in topic["partitions"]]
        found = shortfall(topic["topic"], replicas, settings.kafka_replication_factor)
        if found:
            report.short.append(found)
