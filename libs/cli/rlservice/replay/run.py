"""A replay of the live deployment: reads the decisions topic, the decisions and policy
versions in PostgreSQL, and the observations each version names; core.verify does the rest.
A scheduled audit (`--record`) also stores its outcome in `audit_runs`, for the replay_audit
health check."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from rladapters.pilot import last_reset
from rladapters.training_data import observations_between
from rlaudit.replay import unique_events
from rldomain.algorithms import Observation
from rldomain.policy import code_version
from rldomain.seeds import study_key
from rldomain.study import Study
from rlkernel.db.models import AuditRun
from rlkernel.settings import Settings
from rlkernel.topics import Topics

from .core import FitRange, Record, exit_code, verify
from .sources import read_db, read_log, read_policies


def replay(
    settings: Settings,
    sessions: sessionmaker[Session],
    study: Study,
    source: str,
    report: Path,
    record_run: bool = False,
) -> int:
    started = time.perf_counter()
    # What the audit covers: the decisions made before it began reading (the service clock's).
    ran_at = settings.clock().now()
    topic = Topics(settings.rls_namespace).decisions_made
    log = asyncio.run(read_log(settings, topic, study.id)) if source in ("log", "both") else None
    db = read_db(sessions, study.id) if source in ("db", "both") else None

    def fit_data(fit: FitRange) -> list[Observation]:
        with sessions() as session:
            rows = observations_between(session, study.id, *fit)
        return [o for _, o in rows if o is not None]

    with sessions() as session:
        reset_at = last_reset(session, study.id)
    record = Record(
        None if log is None else unique_events(log),
        None if db is None else unique_events(db),
        read_policies(sessions, study.id),
        fit_data,
        reset_at,
    )
    key = study_key(settings.seed_secret.get_secret_value(), study.id)
    summary = verify(study, key, record, source, report, started)
    if record_run:
        with sessions.begin() as session:
            session.add(audit_run(study.id, ran_at, summary))
    return exit_code(summary)


def audit_run(study_id: str, ran_at: datetime, summary: dict[str, Any]) -> AuditRun:
    first = summary["first_mismatch"] or {}
    return AuditRun(
        study_id=study_id,
        ran_at=ran_at,
        decisions=summary["decisions"],
        policy_versions=summary["policy_versions"],
        mismatches=summary["mismatches"],
        first_participant_id=first.get("participant_id"),
        first_decision_index=first.get("decision_index"),
        first_policy_version=first.get("policy_version"),
        code_version=code_version(),
        ok=not summary["mismatches"],
    )
