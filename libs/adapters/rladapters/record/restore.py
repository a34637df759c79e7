"""A backup (rladapters.record.backup) put back into an empty deployment, its services stopped
(they start afterwards, and publish what the copied log lacks: see there).

Everything that could refuse is checked before anything changes: the backup's checksums, the
passphrase, that the database holds no study data and the audit topics no records, that the
study files and the environment file hold nothing the backup would contradict. Then
PostgreSQL (pg_restore, one transaction), the topics, the consumer groups' positions, the study
files, and the secrets, written into the environment file the restored deployment reads
(created 0600 if absent); the caller is told their names, never their values.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition
from dotenv import dotenv_values, set_key
from sqlalchemy import create_engine, text

from rladapters.record import postgres
from rladapters.record.backup import DUMP, SEALED, Manifest, audit_topics, verify
from rladapters.record.groups import commit_group_offsets
from rladapters.record.sealed import unseal
from rladapters.record.topics import TopicRecord, load_topic, read_jsonl
from rlkernel.kafka import ensure_topics
from rlkernel.kafka_connection import client_options
from rlkernel.settings import Settings
from rlkernel.topics import Topics

# What a deployment holds once a trial has begun. Version 1 of a policy is not among it: the
# trainer writes it from the study's priors when it first starts, data or not.
STUDY_DATA = {
    "participants": "SELECT EXISTS (SELECT 1 FROM participants)",
    "decisions": "SELECT EXISTS (SELECT 1 FROM decisions)",
    "observations": "SELECT EXISTS (SELECT 1 FROM observations)",
    "windows": "SELECT EXISTS (SELECT 1 FROM windows)",
    "update_requests": "SELECT EXISTS (SELECT 1 FROM update_requests)",
    "policy_versions": "SELECT EXISTS (SELECT 1 FROM policy_versions WHERE version > 1)",
}

# The event field that names its row, for the topics whose rows restore may mark unpublished.
ROW_OF_EVENT = {"decisions.made": "event_id", "observations.ingested": "observation_id"}


class RestoreRefused(RuntimeError):
    """The target is not empty, or the backup would overwrite something; nothing was changed
    (but the namespace's missing topics, created empty to be looked at)."""


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    records: int  # audit records loaded, all topics
    unpublished_decisions: int  # stored after the log was copied: published when services start
    unpublished_observations: int
    secrets: list[str]  # names written into env_file
    env_file: Path


async def restore(
    settings: Settings, folder: Path, passphrase: str | None, env_file: Path
) -> Restored:
    manifest = verify(folder)
    secrets = _unsealed(folder, manifest, passphrase)
    topics = audit_topics(settings.rls_namespace)
    unknown = sorted(manifest.topics.keys() - topics.keys())
    if unknown:
        raise RestoreRefused(f"the backup holds topic {unknown[0]}, which this version lacks")
    await ensure_topics(settings, Topics(settings.rls_namespace).specs())
    refuse_unless_empty(
        study_data(settings.database_url.get_secret_value()),
        await topics_with_records(settings, list(topics.values())),
    )
    refuse_other_studies(folder, manifest, settings.studies_dir)
    refuse_other_secrets(env_file, secrets)

    # From here on a failure (Kafka away) leaves the deployment half restored: it is a fresh
    # one, so drop its database and topics and restore again.
    await postgres.restore(settings.database_url.get_secret_value(), folder / DUMP)
    loaded, on_log = 0, {topic: list[str]() for topic in ROW_OF_EVENT}
    for short, copy in manifest.topics.items():
        records = await asyncio.to_thread(_read_copy, folder / copy.file)
        loaded += await load_topic(settings, topics[short], records)
        if short in on_log:
            on_log[short] = _ids(
                records, "event_id" if short == "decisions.made" else "observation_id"
            )
    await commit_group_offsets(settings, manifest.groups)
    decisions, observations = mark_unpublished(
        settings.database_url.get_secret_value(),
        on_log["decisions.made"],
        [int(i) for i in on_log["observations.ingested"]],
    )
    settings.studies_dir.mkdir(parents=True, exist_ok=True)
    for name in manifest.studies:
        target = settings.studies_dir / name
        if not target.exists():
            target.write_bytes((folder / "studies" / name).read_bytes())
    write_secrets(env_file, secrets)
    return Restored(manifest, loaded, decisions, observations, sorted(secrets), env_file)


def _unsealed(folder: Path, manifest: Manifest, passphrase: str | None) -> dict[str, str]:
    if not manifest.secrets:
        return {}
    if passphrase is None:
        raise RestoreRefused(
            "the backup's secrets are sealed: give the passphrase they were sealed with"
            " (--passphrase-file)"
        )
    found: dict[str, str] = json.loads(unseal((folder / SEALED).read_bytes(), passphrase))
    return found


def study_data(database_url: str) -> list[str]:
    """The tables of study data that hold rows (a table not created yet holds none)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return [
                table
                for table, query in STUDY_DATA.items()
                if conn.scalar(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table})
                and conn.scalar(text(query))
            ]
    finally:
        engine.dispose()


async def topics_with_records(settings: Settings, names: list[str]) -> list[str]:
    """The topics among `names` that hold records; each must exist (restore has just created
    the missing ones: their partitions may take a moment to show in the metadata)."""
    consumer = AIOKafkaConsumer(**client_options(settings))
    await consumer.start()
    try:
        deadline = asyncio.get_running_loop().time() + 30
        while missing := [n for n in names if not consumer.partitions_for_topic(n)]:
            if asyncio.get_running_loop().time() > deadline:
                raise RestoreRefused(f"topic {missing[0]} has no partitions: create the topics")
            await consumer._client.force_metadata_update()
            await asyncio.sleep(0.2)
        found = []
        for name in names:
            parts = [TopicPartition(name, p) for p in consumer.partitions_for_topic(name) or ()]
            if any((await consumer.end_offsets(parts)).values()):
                found.append(name)
        return found
    finally:
        await consumer.stop()


def refuse_unless_empty(tables: list[str], topics: list[str]) -> None:
    if tables or topics:
        held = ", ".join([f"table {t}" for t in tables] + [f"topic {t}" for t in topics])
        raise RestoreRefused(
            f"the deployment is not empty ({held} hold data): restore only into a fresh"
            " database and namespace"
        )


def refuse_other_studies(folder: Path, manifest: Manifest, studies_dir: Path) -> None:
    for name in manifest.studies:
        target = studies_dir / name
        if target.exists() and target.read_bytes() != (folder / "studies" / name).read_bytes():
            raise RestoreRefused(
                f"{target} differs from the backup's {name}: move it away, or restore with a"
                " STUDIES_DIR of its own"
            )


def refuse_other_secrets(env_file: Path, secrets: dict[str, str]) -> None:
    """An environment file that already sets one of them otherwise belongs to another
    deployment, whose seeds would change: never overwrite it."""
    present = dotenv_values(env_file) if env_file.exists() else {}
    clash = sorted(n for n, v in secrets.items() if n in present and present[n] != v)
    if clash:
        raise RestoreRefused(
            f"{env_file} sets {', '.join(clash)} otherwise than the backup: give the restored"
            " deployment an environment file of its own (--env-file)"
        )


def write_secrets(env_file: Path, secrets: dict[str, str]) -> None:
    if not secrets:
        return
    if not env_file.exists():
        env_file.touch(mode=0o600)
    present = dotenv_values(env_file)
    for name, value in sorted(secrets.items()):
        if present.get(name) != value:
            set_key(env_file, name, value)
    os.chmod(env_file, 0o600)
    if any(dotenv_values(env_file).get(n) != v for n, v in secrets.items()):
        raise RuntimeError(f"{env_file} does not read back the secrets written into it")


def _read_copy(path: Path) -> list[TopicRecord]:
    with open(path, "rb") as src:
        return list(read_jsonl(src))


def _ids(records: list[TopicRecord], field: str) -> list[str]:
    return [str(json.loads(r.value)[field]) for r in records if r.value is not None]


def mark_unpublished(database_url: str, on_log: list[str], observed: list[int]) -> tuple[int, int]:
    """Rows of the dump whose events are not in the copied log are, to this deployment, stored
    but never published (see rladapters.record.backup): so marked, the services' sweepers
    publish them. Returns how many decisions and observations await that."""
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE decisions SET logged_at = NULL"
                    " WHERE NOT (event_id = ANY(CAST(:ids AS uuid[])))"
                ),
                {"ids": on_log},
            )
            conn.execute(
                text("UPDATE observations SET published_at = NULL WHERE NOT (id = ANY(:ids))"),
                {"ids": observed},
            )
            decisions = conn.scalar(text("SELECT count(*) FROM decisions WHERE logged_at IS NULL"))
            observations = conn.scalar(
                text("SELECT count(*) FROM observations WHERE published_at IS NULL")
            )
        return int(decisions or 0), int(observations or 0)
    finally:
        engine.dispose()
