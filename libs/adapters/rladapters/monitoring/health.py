"""A study's health in the record: evaluating its checks (the trainer, every
MONITORING_EVERY_SECONDS), and reading them back (the gateway's health and incident routes).

One runner however many trainers: an evaluation holds the study's advisory lock for its
transaction (a second trainer skips the study instead of waiting) and runs only when the
study's newest result is at least `every` old, so replicas take turns rather than repeat."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from rladapters.access import Audit
from rladapters.monitoring.measures import MEASURES
from rldomain.errors import Conflict, NotFound
from rldomain.monitoring.checks import CheckResult, Status, as_status
from rldomain.monitoring.grading import Measured, grade_all, plan
from rldomain.study import Study
from rlkernel.db.models import CheckResultRow, Incident

MAX_INCIDENTS = 500  # one page's most


def _lock(session: Session, study_id: str) -> bool:
    key = zlib.crc32(f"monitoring:{study_id}".encode())
    return bool(session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": key}))


def _latest(session: Session, study_id: str) -> dict[str, CheckResultRow]:
    rows = session.scalars(
        select(CheckResultRow)
        .where(CheckResultRow.study_id == study_id)
        .distinct(CheckResultRow.check)
        .order_by(CheckResultRow.check, CheckResultRow.id.desc())
    )
    return {r.check: r for r in rows}


def _open(session: Session, study_id: str) -> dict[str, Incident]:
    rows = session.scalars(
        select(Incident).where(Incident.study_id == study_id, Incident.closed_at.is_(None))
    )
    return {i.check: i for i in rows}


def evaluate(
    session: Session,
    study: Study,
    now: datetime,
    every: timedelta,
    deployment: Callable[[], Mapping[str, Measured]] = dict,
) -> list[CheckResult]:
    """Measures, grades and stores the study's checks, unless another runner holds the study
    or evaluated it less than `every` ago (then nothing, and []). `deployment` measures the
    deployment-wide checks, graded with the study's (called only when the study is due)."""
    if not _lock(session, study.id):
        return []
    latest = _latest(session, study.id)
    if any(r.evaluated_at > now - every for r in latest.values()):
        return []
    measured = {name: measure(session, study, now) for name, measure in MEASURES.items()}
    measured.update(deployment())
    results = grade_all(study.monitoring, study.update.posterior, measured)
    incidents = _open(session, study.id)
    changes = plan(
        results,
        {c: as_status(r.status) for c, r in latest.items()},
        {c: as_status(i.severity) for c, i in incidents.items()},
    )
    for r in changes.appended:
        session.add(_row(study.id, r, now))
    for r in changes.refreshed:
        row = latest[r.check]
        row.value, row.threshold, row.evidence = r.value, r.threshold, r.evidence
        row.evaluated_at = now
    for r in changes.opened:
        session.add(Incident(study_id=study.id, check=r.check, severity=r.status, opened_at=now))
    for r in changes.worsened:
        incidents[r.check].severity = r.status
    for check in changes.closed:
        incidents[check].closed_at = now
    return results


def _row(study_id: str, r: CheckResult, now: datetime) -> CheckResultRow:
    return CheckResultRow(
        study_id=study_id,
        check=r.check,
        status=r.status,
        value=r.value,
        threshold=r.threshold,
        evidence=r.evidence,
        since=now,
        evaluated_at=now,
    )


@dataclass(frozen=True)
class CheckView:
    check: str
    status: Status
    value: float
    threshold: float | None
    since: datetime  # the open incident's opening, else when the check took this status
    evidence: str
    evaluated_at: datetime
    incident_id: int | None


Probe = Callable[[], Coroutine[Any, Any, Mapping[str, Measured]]]


class PostgresHealth:
    """`deployment`: the trainer's deployment-wide measures (trainer.deployment_health), async
    (Kafka); the gateway, which only reads, has none."""

    def __init__(self, sessions: sessionmaker[Session], deployment: Probe | None = None) -> None:
        self.sessions = sessions
        self.deployment = deployment

    async def evaluate(self, study: Study, now: datetime, every: timedelta) -> list[CheckResult]:
        loop, probe = asyncio.get_running_loop(), self.deployment

        def deployment() -> Mapping[str, Measured]:
            # Run on the service's loop, which the worker thread leaves free, and only once the
            # study is found due: not a Kafka round trip on every housekeeping round.
            if probe is None:
                return {}
            return asyncio.run_coroutine_threadsafe(probe(), loop).result(timeout=60)

        def run() -> list[CheckResult]:
            with self.sessions.begin() as session:
                return evaluate(session, study, now, every, deployment)

        return await asyncio.to_thread(run)

    async def checks(self, study_id: str) -> list[CheckView]:
        def load() -> list[CheckView]:
            with self.sessions() as session:
                incidents = _open(session, study_id)
                return [
                    _view(r, incidents.get(check))
                    for check, r in _latest(session, study_id).items()
                ]

        return await asyncio.to_thread(load)

    async def incidents(
        self, study_id: str, open_only: bool | None, limit: int, before: int | None
    ) -> list[Incident]:
        """Newest first; `before`: only older than that incident id (the next page)."""

        def load() -> list[Incident]:
            query = select(Incident).where(Incident.study_id == study_id)
            if open_only is not None:
                closed = Incident.closed_at.is_(None)
                query = query.where(closed if open_only else ~closed)
            if before is not None:
                query = query.where(Incident.id < before)
            with self.sessions() as session:
                return list(session.scalars(query.order_by(Incident.id.desc()).limit(limit)))

        return await asyncio.to_thread(load)

    async def resolve(
        self, study_id: str, incident_id: int, actor: str, note: str, now: datetime
    ) -> Incident:
        """Marks the incident resolved with the operator's note, once (409 the second time);
        audited. Closing stays the check's: it closes when the check is green again."""

        def apply() -> Incident:
            with self.sessions.begin() as session:
                found = session.scalar(
                    select(Incident)
                    .where(Incident.study_id == study_id, Incident.id == incident_id)
                    .with_for_update()
                )
                if found is None:
                    raise NotFound("incident_not_found", f"no incident {incident_id} here")
                if found.resolved_at is not None:
                    raise Conflict("incident_resolved", "this incident is resolved already")
                found.resolved_at, found.resolved_by, found.note = now, actor, note
                details = {"check": found.check, "severity": found.severity}
                Audit(
                    actor, "incident_resolved", study_id, f"incident:{incident_id}", details
                ).add_to(session)
                session.flush()
                session.expunge(found)  # its values stay readable after the commit
                return found

        return await asyncio.to_thread(apply)


def _view(r: CheckResultRow, incident: Incident | None) -> CheckView:
    return CheckView(
        check=r.check,
        status=as_status(r.status),
        value=r.value,
        threshold=r.threshold,
        since=incident.opened_at if incident else r.since,
        evidence=r.evidence,
        evaluated_at=r.evaluated_at,
        incident_id=incident.id if incident else None,
    )
