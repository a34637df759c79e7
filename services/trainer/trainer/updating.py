"""One policy update: the parent version plus the observations since it, to a new immutable
version. Synchronous (numpy and SQLAlchemy); runs in a worker thread, one study at a time
(a PostgreSQL advisory lock per study keeps two trainer replicas from racing), and decides
under that lock whether its trigger still calls for it (trainer.triggers)."""

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
from rladapters.update_triggers import claim, claimed, counted_from, fitted_up_to, stored_after
from rldomain.algorithms import decode_params, encode_params
from rldomain.monitoring.posterior import refusal
from rldomain.policy import code_version
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion, RefusedVersion
from trainer.triggers import Trigger


@dataclass(frozen=True)
class UpdateResult:
    version: PolicyVersion | None  # None: nothing new to learn from; the parent stays current
    parent: int
    observations: int
    # Why no version was even tried: "frozen"; "claimed" (another update had the period);
    # "too_few" (fewer new observations than the trigger takes).
    skipped: str | None = None
    # Why the fitted posterior was not written: the gate's cause (rldomain.monitoring.posterior).
    refused: str | None = None


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
    sessions: sessionmaker[Session], study: Study, trigger: Trigger, now: datetime
) -> UpdateResult:
    """`now` (the service clock) is the version's creation time, comparable with decisions',
    and its periods' claim time. The claim commits with the version, or with the decision to
    write none for want of new observations: a period is served once either way. While
    learning is frozen nothing is claimed: the period's update runs after the unfreeze."""
    with sessions.begin() as session:
        study_lock(session, study.id)
        parent = latest(session, study.id)
        if parent is None:
            session.rollback()
            ensure_initial(sessions, study, now)
            return run_update(sessions, study, trigger, now)
        if current(session, study.id).frozen:  # the observations wait for the unfreeze
            return UpdateResult(None, parent.version, 0, skipped="frozen")
        won = claim(session, study.id, trigger.keys, now)
        if not trigger.goes_ahead(won):
            return UpdateResult(None, parent.version, 0, skipped="claimed")
        after = fitted_up_to(parent)
        counted = counted_from(session, study.id, parent)
        if trigger.every_n and stored_after(session, study.id, counted) < trigger.every_n:
            return UpdateResult(None, parent.version, 0, skipped="too_few")
        fit_hyperparameters = trigger.fits_hyperparameters(won)
        excluded = last_exclusion(session, study.id)
        rows = observations_between(session, study.id, after, exclusions_upto=excluded)
        if not rows:
            return UpdateResult(None, parent.version, 0)
        batch = [o for _, o in rows if o is not None]
        params = study.policy.update(
            decode_params(parent.params), batch, fit_hyperparameters=fit_hyperparameters
        )
        fit_on = {
            "from_observation_id": after + 1,
            "to_observation_id": rows[-1][0],
            "observations": len(batch),
            "skipped_fallback": len(rows) - len(batch),
            "trigger": trigger.kind,
            "hyperparameters_fitted": fit_hyperparameters,
            "exclusions_upto": excluded,
        }
        cause = refusal(params, study.policy.initial_params(), study.monitoring.posterior)
        if cause is not None:  # never served: recorded, and the parent stays current
            session.add(
                RefusedVersion(
                    study_id=study.id,
                    parent_version=parent.version,
                    algorithm=parent.algorithm,
                    cause=cause,
                    fit_on=fit_on,
                    code_version=code_version(),
                    refused_at=now,
                )
            )
            return UpdateResult(None, parent.version, len(batch), refused=cause)
        version = PolicyVersion(
            study_id=study.id,
            version=parent.version + 1,
            parent_version=parent.version,
            algorithm=parent.algorithm,
            params=encode_params(params),
            hyperparameters=hyperparameters(params),
            fit_on=fit_on,
            code_version=code_version(),
            created_at=now,
        )
        session.add(version)
    return UpdateResult(version, parent.version, len(batch))


@dataclass(frozen=True)
class PostgresUpdates:
    """Updates as the handlers await them: in a worker thread."""

    sessions: sessionmaker[Session]

    async def run(self, study: Study, trigger: Trigger, now: datetime) -> UpdateResult:
        return await asyncio.to_thread(run_update, self.sessions, study, trigger, now)

    async def pending(self, study: Study, trigger: Trigger) -> bool:
        return await asyncio.to_thread(pending, self.sessions, study, trigger)


def pending(sessions: sessionmaker[Session], study: Study, trigger: Trigger) -> bool:
    """Whether `trigger` may still call for an update, read without the study's lock: a
    trainer skips the backup and the lock when it says no; run_update decides under it."""
    with sessions() as session:
        if current(session, study.id).frozen:
            return False
        if trigger.keys and claimed(session, study.id, trigger.keys) == set(trigger.keys):
            return False
        if trigger.every_n:
            counted = counted_from(session, study.id, latest(session, study.id))
            return stored_after(session, study.id, counted) >= trigger.every_n
        return True
