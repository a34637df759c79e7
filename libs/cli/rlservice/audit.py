"""`rlservice replay`: read a study's decisions from the Kafka log and PostgreSQL, re-derive each
one, re-fit each policy version, and report every difference."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from rladapters.training_data import observations_between
from rlaudit.replay import Finding, StoredPolicy, Verifier, log_vs_db, unique_events
from rldomain.study import Study
from rlkernel.db.models import Decision, PolicyVersion
from rlkernel.events import DecisionMade
from rlkernel.settings import Settings
from rlkernel.topics import Topics

console = Console(stderr=True)


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


def replay(
    settings: Settings, sessions: sessionmaker[Session], study: Study, source: str, report: Path
) -> int:
    started = time.perf_counter()
    topics = Topics(settings.rls_namespace)
    log = (
        unique_events(asyncio.run(read_log(settings, topics.decisions_made, study.id)))
        if source in ("log", "both")
        else {}
    )
    db = unique_events(read_db(sessions, study.id)) if source in ("db", "both") else {}
    verifier = Verifier(
        study, settings.seed_secret.get_secret_value(), read_policies(sessions, study.id)
    )
    findings: list[Finding] = []
    decisions = log or db
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"re-deriving {len(decisions)} decisions", total=len(decisions))
        for i, d in enumerate(decisions.values()):
            findings += verifier.decision(d)
            if i % 500 == 0:
                progress.update(task, completed=i)
        versions = sorted(verifier.policies)
        task = progress.add_task(f"re-fitting {len(versions)} policy versions", total=len(versions))
        for v in versions:
            fit_on = verifier.policies[v].fit_on
            with sessions() as session:
                rows = observations_between(
                    session,
                    study.id,
                    int(fit_on.get("from_observation_id", 1)) - 1,
                    int(fit_on.get("to_observation_id", 0)),
                )
            findings += verifier.policy(v, [o for _, o in rows if o is not None])
            progress.advance(task)
    if source == "both":
        findings += log_vs_db(log, db)
    seconds = time.perf_counter() - started
    summary = summarize(study.id, source, len(decisions), len(verifier.policies), findings, seconds)
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(
        json.dumps({**summary, "findings": [f.__dict__ for f in findings]}, indent=2, default=str)
        + "\n"
    )
    print_summary(summary, findings, report)
    return 1 if summary["mismatches"] else 0


def summarize(
    study_id: str,
    source: str,
    decisions: int,
    policies: int,
    findings: list[Finding],
    seconds: float,
) -> dict[str, Any]:
    real = [f for f in findings if not f.code_changed]
    return {
        "study": study_id,
        "source": source,
        "decisions": decisions,
        "decisions_mismatched": len({f.key for f in real if f.kind == "decision"}),
        "policy_versions": policies,
        "policy_versions_mismatched": len({f.key for f in real if f.kind == "policy"}),
        "log_vs_db_differences": sum(f.kind == "log_vs_db" for f in findings),
        "code_changed": len({f.key for f in findings if f.code_changed}),
        "mismatches": len(real),
        "seconds": round(seconds, 3),
        "decisions_per_second": round(decisions / seconds, 1) if seconds else None,
    }


def print_summary(summary: dict[str, Any], findings: list[Finding], report: Path) -> None:
    table = Table("check", "count", title=f"replay of study {summary['study']}")
    for key in (
        "decisions",
        "decisions_mismatched",
        "policy_versions",
        "policy_versions_mismatched",
        "log_vs_db_differences",
        "code_changed",
        "seconds",
        "decisions_per_second",
    ):
        table.add_row(key.replace("_", " "), str(summary[key]))
    console.print(table)
    for f in findings[:20]:
        note = " (the code changed since: not counted as a mismatch)" if f.code_changed else ""
        console.print(
            f"[red]{f.kind} {f.key}: {f.field}[/red] logged={f.logged!r} "
            f"derived={f.derived!r}{note}"
        )
    if len(findings) > 20:
        console.print(f"... and {len(findings) - 20} more in {report}")
    verdict = (
        "[green]every decision re-derived exactly[/green]"
        if not summary["mismatches"]
        else f"[red]{summary['mismatches']} mismatches[/red]"
    )
    console.print(f"{verdict}; report: {report}")
