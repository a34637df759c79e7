"""The trainer's handlers: learns from observations in batches and ships policy versions.

An update runs after every N new observations (study `update.every_n_observations`), on the
study's schedule (see trainer.schedule), or on request, once per trigger however many trainers
run (trainer.triggers). Each writes an immutable version to PostgreSQL, then the served version
to Redis (the new one, unless an operator pinned another), then publishes policies.updated.
While learning is frozen, none writes a version; nor does one whose posterior the sanity gate
refuses (rldomain.monitoring.posterior).
"""

from __future__ import annotations

from rldomain.study import Study
from rlkernel.events import ObservationIngested, PolicyUpdated, UpdateRequested
from rlkernel.logs import get_logger
from rlkernel.redaction import describe
from trainer.dependencies import TrainerDeps
from trainer.metrics import UPDATE_FAILURES, UPDATE_SECONDS, served
from trainer.triggers import REQUEST, Trigger, every_n
from trainer.updating import UpdateResult

log = get_logger(__name__)


async def update(deps: TrainerDeps, study: Study, trigger: Trigger) -> UpdateResult:
    await deps.backups.before_update()  # a no-op unless BACKUP_BEFORE_UPDATE
    try:
        with UPDATE_SECONDS.labels(study.id).time():
            result = await deps.updates.run(study, trigger, deps.clock.now())
    except Exception:  # the caller retries, records or logs it; counted for the alert
        UPDATE_FAILURES.labels(study.id).inc()
        raise
    if result.refused is not None:  # the gate kept the posterior back: a failure, not an error
        UPDATE_FAILURES.labels(study.id).inc()
        log.warning("update_refused", study=study.id, parent=result.parent, cause=result.refused)
    if result.version is not None:
        row = await deps.policies.refresh(study, deps.clock.now())
        served(study.id, row.version, row.created_at, deps.clock)
        await deps.publisher.publish(
            PolicyUpdated(
                study_id=study.id,
                policy_version=result.version.version,
                parent_version=result.parent,
                algorithm=result.version.algorithm,
            )
        )
        log.info(
            "policy_updated",
            study=study.id,
            version=result.version.version,
            observations=result.observations,
            trigger=trigger.kind,
        )
    return result


async def on_observations(events: list[ObservationIngested], deps: TrainerDeps) -> None:
    """The events only say which studies have new observations: the record counts them (a
    replica sees part of a study's, and a batch may come again)."""
    for study_id in sorted({e.study_id for e in events}):
        study = deps.studies.get(study_id)
        trigger = None if study is None else every_n(study)
        if study is not None and trigger is not None and await deps.updates.pending(study, trigger):
            await update(deps, study, trigger)


async def on_update_requested(event: UpdateRequested, deps: TrainerDeps) -> None:
    study = deps.studies.get(event.study_id)
    try:
        if study is None:
            raise ValueError(f"unknown study {event.study_id!r}")
        result = await update(deps, study, REQUEST)
        version: int | None = result.version.version if result.version else result.parent
        reason, status = result.skipped, "succeeded"
        if result.refused is not None:  # the request fails; the served version stays
            version, reason, status = None, f"posterior refused: {result.refused}", "failed"
    except Exception as exc:  # the previous policy stays; the request says why
        log.warning("update_failed", study=event.study_id, error=type(exc).__name__)
        version, reason, status = None, describe(exc), "failed"
    await deps.finish_request(event, status, version, reason)
