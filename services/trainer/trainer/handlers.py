"""The trainer's handlers: learns from observations in batches and ships policy versions.

An update runs after every N new observations (study `update.every_n_observations`), on the
study's schedule (see trainer.schedule), or on request. Each writes an immutable version to
PostgreSQL, then the served version to Redis (the new one, unless an operator pinned another),
then publishes policies.updated. While learning is frozen, none writes a version.
"""

from __future__ import annotations

from rldomain.study import Study
from rlkernel.events import ObservationIngested, PolicyUpdated, UpdateRequested
from rlkernel.logs import get_logger
from rlkernel.redaction import describe
from trainer.dependencies import TrainerDeps
from trainer.metrics import UPDATE_FAILURES, UPDATE_SECONDS, served
from trainer.updating import UpdateResult

log = get_logger(__name__)


async def update(
    deps: TrainerDeps, study: Study, trigger: str, fit_hyperparameters: bool = False
) -> UpdateResult:
    await deps.backups.before_update()  # a no-op unless BACKUP_BEFORE_UPDATE
    try:
        with UPDATE_SECONDS.labels(study.id).time():
            result = await deps.run_update(study, trigger, fit_hyperparameters, deps.clock.now())
    except Exception:  # the caller retries, records or logs it; counted for the alert
        UPDATE_FAILURES.labels(study.id).inc()
        raise
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
            trigger=trigger,
        )
    return result


async def on_observations(events: list[ObservationIngested], deps: TrainerDeps) -> None:
    for study_id in sorted({e.study_id for e in events}):
        study = deps.studies.get(study_id)
        every = study.update.every_n_observations if study else None
        if study is None or every is None:
            continue
        seen = await deps.progress.count_new(study_id, sum(e.study_id == study_id for e in events))
        if seen >= every:
            await deps.progress.reset_new(study_id)
            await update(deps, study, "every_n")


async def on_update_requested(event: UpdateRequested, deps: TrainerDeps) -> None:
    study = deps.studies.get(event.study_id)
    try:
        if study is None:
            raise ValueError(f"unknown study {event.study_id!r}")
        result = await update(deps, study, "request")
        version = result.version.version if result.version else result.parent
        reason, status = result.skipped, "succeeded"
    except Exception as exc:  # the previous policy stays; the request says why
        log.warning("update_failed", study=event.study_id, error=type(exc).__name__)
        version, reason, status = None, describe(exc), "failed"
    await deps.finish_request(event, status, version, reason)
