"""A replay of the live deployment: reads the decisions topic, the decisions and policy
versions in PostgreSQL, and the observations each version names; core.verify does the rest."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from rladapters.pilot import last_reset
from rladapters.training_data import observations_between
from rlaudit.replay import unique_events
from rldomain.algorithms import Observation
from rldomain.seeds import study_key
from rldomain.study import Study
from rlkernel.settings import Settings
from rlkernel.topics import Topics

from .core import FitRange, Record, verify
from .sources import read_db, read_log, read_policies


def replay(
    settings: Settings, sessions: sessionmaker[Session], study: Study, source: str, report: Path
) -> int:
    started = time.perf_counter()
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
    return verify(study, key, record, source, report, started)
