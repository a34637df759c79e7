"""Where a replay reads the record: the decisions topic from its first offset, and the decisions
and policy versions stored in PostgreSQL."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from rlaudit.replay import StoredPolicy
from rlkernel.db.models import Decision, PolicyVersion
from rlkernel.events import DecisionMade
from rlkernel.settings import Settings


async def read_log(settings: Settings, topic: str, study_id: str) -> list[DecisionMade]:
    """Every decision of the study in the log, from the first offset to the current end."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        enable_auto_commit=False,
        max_partition_fetch_bytes=8 << 20,
    )
    await consumer.start()
    try:
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        if not parts:
            await consumer._client.force_metadata_update()
            parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        end = await consumer.end_offsets(parts)
        found: list[DecisionMade] = []
        needle = b'"study_id":"' + study_id.encode() + b'"'

        async def behind() -> bool:
            return any([await consumer.position(tp) < end[tp] for tp in parts])

        while await behind():
            batches = await consumer.getmany(timeout_ms=1000, max_records=5000)
            for records in batches.values():
                # The study check on raw bytes skips parsing other studies' events.
                found += [
                    DecisionMade.model_validate_json(r.value)
                    for r in records
                    if r.value is not None and needle in r.value
                ]
        return found
    finally:
        await consumer.stop()


def read_db(sessions: sessionmaker[Session], study_id: str) -> list[DecisionMade]:
    columns = [c for c in DecisionMade.model_fields if c not in ("schema_version", "occurred_at")]
    with sessions() as session:
        rows = session.scalars(select(Decision).where(Decision.study_id == study_id))
        return [DecisionMade.model_validate({c: getattr(r, c) for c in columns}) for r in rows]


def read_policies(sessions: sessionmaker[Session], study_id: str) -> dict[int, StoredPolicy]:
    with sessions() as session:
        rows = session.scalars(select(PolicyVersion).where(PolicyVersion.study_id == study_id))
        return {
            r.version: StoredPolicy(
                r.version,
                r.parent_version,
                r.params,
                r.code_version,
                r.created_at.timestamp(),
                r.fit_on,
            )
            for r in rows
        }
