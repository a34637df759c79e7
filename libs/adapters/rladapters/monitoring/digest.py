"""The numbers of a study's daily digest (`rlservice digest`): one day in the study's time zone,
from the record. Decisions by outcome, the treated share and the probabilities' spread, the
windows and their outcome data, incidents opened and resolved that day, and the state at the
day's end: the checks' statuses, the policy version and its age, dead letters and failed windows
waiting. Ids and counts, never answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from rladapters.monitoring.measures import (
    duplicate_decisions,
    ema_missing,
    missing_decisions,
)
from rldomain.study import Study
from rlkernel.db.models import (
    CheckResultRow,
    DeadLetter,
    Decision,
    Incident,
    PolicyVersion,
    WindowRecord,
)

QUANTILES = (0.1, 0.5, 0.9)
MAX_INCIDENTS = 100  # a day's list in the digest; more are counted, not listed


@dataclass(frozen=True)
class Probabilities:
    mean: float
    p10: float
    median: float
    p90: float


@dataclass(frozen=True)
class IncidentLine:
    id: int
    check: str
    severity: str
    opened_at: datetime
    closed_at: datetime | None
    resolved_at: datetime | None


@dataclass(frozen=True)
class Digest:
    study_id: str
    day: date
    timezone: str
    policy_decisions: int  # the policy's (warm-up included)
    fallback_decisions: int
    fallback_causes: dict[str, int]
    missing: int  # windows of active participants that ended that day undecided
    duplicates: int  # refused second randomizations that disagreed
    treated: int  # decisions of an action other than 0
    probabilities: Probabilities | None  # P(action 1); None on a day without decisions
    windows_closed: int
    windows_without_data: int
    incidents_opened: list[IncidentLine]
    incidents_resolved: list[IncidentLine]
    checks: dict[str, str]  # check -> its status at the last evaluation
    policy_version: int | None  # the newest at the day's end
    policy_age_hours: float | None
    dead_letters: int  # not re-driven, at the day's end
    failed_windows: int  # now: a window's failure is not kept once re-pulled

    @property
    def decisions(self) -> int:
        return self.policy_decisions + self.fallback_decisions


def day_bounds(study: Study, day: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(study.timezone)
    return datetime.combine(day, time(), zone), datetime.combine(
        day + timedelta(days=1), time(), zone
    )


def collect(session: Session, study: Study, day: date) -> Digest:
    start, end = day_bounds(study, day)
    on_day = (
        Decision.study_id == study.id,
        Decision.decided_at >= start,
        Decision.decided_at < end,
    )
    policy, fallback, treated, mean, quantiles = session.execute(
        select(
            func.count().filter(~Decision.fallback),
            func.count().filter(Decision.fallback),
            func.count().filter(Decision.action != 0),
            func.avg(Decision.probability),
            func.percentile_cont(list(QUANTILES)).within_group(Decision.probability),
        ).where(*on_day)
    ).one()
    causes = session.execute(
        select(Decision.fallback_reason, func.count())
        .where(*on_day, Decision.fallback)
        .group_by(Decision.fallback_reason)
    )
    without_data, closed = ema_missing(session, study.id, start, end)
    newest = session.execute(
        select(PolicyVersion.version, PolicyVersion.created_at)
        .where(PolicyVersion.study_id == study.id, PolicyVersion.created_at < end)
        .order_by(PolicyVersion.version.desc())
        .limit(1)
    ).first()
    return Digest(
        study_id=study.id,
        day=day,
        timezone=study.timezone,
        policy_decisions=policy,
        fallback_decisions=fallback,
        fallback_causes={reason or "unknown": n for reason, n in causes},
        missing=int(missing_decisions(session, study, end).value),
        duplicates=int(duplicate_decisions(session, study, end).value),
        treated=treated,
        probabilities=Probabilities(float(mean), *(float(q) for q in quantiles))
        if mean is not None
        else None,
        windows_closed=closed,
        windows_without_data=without_data,
        incidents_opened=_incidents(session, study.id, Incident.opened_at, start, end),
        incidents_resolved=_incidents(session, study.id, Incident.resolved_at, start, end),
        checks=_statuses(session, study.id),
        policy_version=newest.version if newest else None,
        policy_age_hours=(end - newest.created_at).total_seconds() / 3600 if newest else None,
        dead_letters=session.scalar(
            select(func.count()).where(
                DeadLetter.study_id == study.id,
                DeadLetter.created_at < end,
                or_(DeadLetter.redriven_at.is_(None), DeadLetter.redriven_at >= end),
            )
        )
        or 0,
        failed_windows=session.scalar(
            select(func.count()).where(
                WindowRecord.study_id == study.id, WindowRecord.status == "failed"
            )
        )
        or 0,
    )


def _statuses(session: Session, study_id: str) -> dict[str, str]:
    """Each check's newest status."""
    rows = session.execute(
        select(CheckResultRow.check, CheckResultRow.status)
        .where(CheckResultRow.study_id == study_id)
        .distinct(CheckResultRow.check)
        .order_by(CheckResultRow.check, CheckResultRow.id.desc())
    )
    return {check: status for check, status in rows}


def _incidents(
    session: Session,
    study_id: str,
    at: InstrumentedAttribute[Any],
    start: datetime,
    end: datetime,
) -> list[IncidentLine]:
    rows = session.scalars(
        select(Incident)
        .where(Incident.study_id == study_id, at >= start, at < end)
        .order_by(Incident.id)
        .limit(MAX_INCIDENTS)
    )
    return [
        IncidentLine(i.id, i.check, i.severity, i.opened_at, i.closed_at, i.resolved_at)
        for i in rows
    ]
