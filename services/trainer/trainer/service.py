"""The trainer service: learns from observations in batches and ships policy versions.

An update runs after every N new observations (study `update.every_n_observations`), on the
study's schedule (posterior daily, hyperparameters weekly, by the service clock), or on request.
Each writes an immutable version to PostgreSQL, then Redis, then publishes policies.updated.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
from faststream import AckPolicy
from prometheus_client import Histogram

from rladapters import policies
from rldomain.study import Study, load_studies
from rlkernel.events import ObservationIngested, PolicyUpdated, UpdateRequested
from rlkernel.runtime import ServiceRuntime
from trainer.callbacks import finish_request
from trainer.updating import UpdateResult, run_update

UPDATE_SECONDS = Histogram("rls_trainer_update_seconds", "Time of one policy update", ["study"])


def period(study: Study, cadence: str, now: datetime) -> str | None:
    local = now.astimezone(ZoneInfo(study.timezone))
    if cadence == "daily":
        return local.date().isoformat()
    if cadence == "weekly":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week}"
    return None


def _text(value: bytes | str | None) -> str:
    return value.decode() if isinstance(value, bytes) else (value or "")


def build() -> ServiceRuntime:
    rt = ServiceRuntime("trainer")
    studies = load_studies(rt.settings.studies_dir)
    s = rt.settings
    clock = s.clock()
    http = httpx.AsyncClient()

    async def update(study: Study, trigger: str, fit_hyperparameters: bool = False) -> UpdateResult:
        with UPDATE_SECONDS.labels(study.id).time():
            result = await asyncio.to_thread(
                run_update, rt.sessions, study, trigger, fit_hyperparameters, clock.now()
            )
        if result.version is not None:
            await policies.publish_to_redis(rt.redis, s.rls_namespace, result.version)
            await rt.publisher.publish(
                PolicyUpdated(
                    study_id=study.id,
                    policy_version=result.version.version,
                    parent_version=result.parent,
                    algorithm=result.version.algorithm,
                )
            )
            rt.log.info(
                "policy_updated",
                study=study.id,
                version=result.version.version,
                observations=result.observations,
                trigger=trigger,
            )
        return result

    @rt.broker.subscriber(
        rt.topics.observations_ingested,
        group_id=rt.topics.group("trainer"),
        batch=True,
        max_records=1000,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_observations(events: list[ObservationIngested]) -> None:
        for study_id in sorted({e.study_id for e in events}):
            study = studies.get(study_id)
            every = study.update.every_n_observations if study else None
            if study is None or every is None:
                continue
            seen = await rt.redis.incrby(
                f"{s.rls_namespace}:trainer:{study_id}:new",
                sum(e.study_id == study_id for e in events),
            )
            if seen >= every:
                await rt.redis.set(f"{s.rls_namespace}:trainer:{study_id}:new", 0)
                await update(study, "every_n")

    @rt.broker.subscriber(
        rt.topics.updates_requested,
        group_id=rt.topics.group("trainer-requests"),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )
    async def on_update_requested(event: UpdateRequested) -> None:
        study = studies.get(event.study_id)
        try:
            if study is None:
                raise ValueError(f"unknown study {event.study_id!r}")
            result = await update(study, "request")
            version, reason = result.version.version if result.version else result.parent, None
            status = "succeeded"
        except Exception as exc:  # the previous policy stays; the request says why
            rt.log.warning("update_failed", study=event.study_id, error=type(exc).__name__)
            version, reason, status = None, f"{type(exc).__name__}: {exc}", "failed"
        await finish_request(rt.sessions, http, event, status, version, reason)

    async def on_schedule() -> None:
        """Posterior and hyperparameter updates on the study's cadence, by the service clock."""
        now = clock.now()
        for study in studies.values():
            posterior = period(study, study.update.posterior, now)
            hyper = period(study, study.update.hyperparameters, now)
            key = f"{s.rls_namespace}:trainer:{study.id}:period"
            done = await rt.redis.hmget(key, ["posterior", "hyper"])
            due_hyper = hyper is not None and _text(done[1]) != hyper
            if posterior is not None and (_text(done[0]) != posterior or due_hyper):
                await update(study, "schedule", fit_hyperparameters=due_hyper)
                await rt.redis.hset(key, mapping={"posterior": posterior, "hyper": hyper or ""})

    async def reconcile() -> None:
        """Redis can always be rebuilt from PostgreSQL: put each study's newest version there."""
        for study in studies.values():
            row = await asyncio.to_thread(policies.ensure_initial, rt.sessions, study, clock.now())
            current = await policies.redis_version(rt.redis, s.rls_namespace, study.id)
            if current is None or current < row.version:
                await policies.publish_to_redis(rt.redis, s.rls_namespace, row)

    async def housekeeping() -> None:
        """Reconcile, then follow the schedule; an outage is logged and waited out."""
        reconciled = False
        while True:
            try:
                if not reconciled:
                    await reconcile()
                    reconciled = True
                await on_schedule()
            except Exception as exc:  # PostgreSQL or Redis away: try again next round
                rt.log.warning("housekeeping_failed", error=type(exc).__name__)
            await asyncio.sleep(s.trainer_schedule_check_seconds)

    rt.jobs.append(housekeeping)
    return rt
