"""One policy update: the parent version plus the observations since it, to a new immutable
version. Synchronous (numpy and SQLAlchemy); runs in a worker thread, one study at a time
(a PostgreSQL advisory lock per study keeps two trainer replicas from racing)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from rladapters.policies import ensure_initial, latest
from rladapters.policy_controls import current, study_lock
from rladapters.training_data import last_exclusion, observations_between
from rldomain.algorithms import decode_params, encode_params
from rldomain.policy import code_version
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion


@dataclass(frozen=True)
class UpdateResult:
    version: PolicyVersion | None  # None: nothing new to learn from; the parent stays current
    parent: int
    observations: int
    skipped: str | None = None  # why no version was even tried: "frozen"


def hyperparameters(params: dict[str, Any]) -> dict[str, Any]:
    """The JSON-safe summary stored next to the parameters."""
    out: dict[str, Any] = {}
    for key in ("noise_var", "sigma_u", "hyper_status", "log_likelihood", "probability"):
        value = params.get(key)
        if isinstance(value, np.ndarray):
            out[key] = value.tolist()
        elif isinstance(value, np.generic):
            out[key] = value.item()
        elif value is not None:
            out[key] = value
    return out


def run_update(
    sessions: sessionmaker[Session],
    study: Study,
    trigger: str,
    fit_hyperparameters: bool,
    now: datetime,
) -> UpdateResult:
    """`now` (the service clock) is the version's creation time, comparable with decisions'."""
    with sessions.begin() as session:
        study_lock(session, study.id)
        parent = latest(session, study.id)
        if parent is None:
            session.rollback()
            ensure_initial(sessions, study, now)
            return run_update(sessions, study, trigger, fit_hyperparameters, now)
        if current(session, study.id).frozen:  # the observations wait for the unfreeze
            return UpdateResult(None, parent.version, 0, skipped="frozen")
        after = int(parent.fit_on.get("to_observation_id", 0))
        excluded = last_exclusion(session, study.id)
        rows = observations_between(session, study.id, after, exclusions_upto=excluded)
        if not rows:
            return UpdateResult(None, parent.version, 0)
        batch = [o for _, o in rows if o is not None]
        params = study.policy.update(
            decode_params(parent.params), batch, fit_hyperparameters=fit_hyperparameters
        )
        version = PolicyVersion(
            study_id=study.id,
            version=parent.version + 1,
            parent_version=parent.version,
            algorithm=parent.algorithm,
            params=encode_params(params),
            hyperparameters=hyperparameters(params),
            fit_on={
                "from_observation_id": after + 1,
                "to_observation_id": rows[-1][0],
                "observations": len(batch),
                "skipped_fallback": len(rows) - len(batch),
                "trigger": trigger,
                "hyperparameters_fitted": fit_hyperparameters,
                "exclusions_upto": excluded,
            },
            code_version=code_version(),
            created_at=now,
        )
        session.add(version)
    return UpdateResult(version, parent.version, len(batch))


@dataclass(frozen=True)
class PostgresUpdates:
    """Updates as the handlers await them: in a worker thread."""

    sessions: sessionmaker[Session]

    async def run(
        self, study: Study, trigger: str, fit_hyperparameters: bool, now: datetime
    ) -> UpdateResult:
        return await asyncio.to_thread(
            run_update, self.sessions, study, trigger, fit_hyperparameters, now
        )
