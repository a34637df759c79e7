"""The trainer's own clockwork: posterior and hyperparameter updates on each study's cadence,
by the service clock, Redis rebuilt from PostgreSQL at start, the scheduled backups, and the
studies' health checks (trainer.monitoring)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

from rldomain.study import Study
from rlkernel.logs import get_logger
from trainer.dependencies import TrainerDeps
from trainer.handlers import update
from trainer.metrics import served
from trainer.monitoring import monitor

log = get_logger(__name__)


def period(study: Study, cadence: str, now: datetime) -> str | None:
    """The period `now` falls in, in the study's own time zone; None for "never"."""
    local = now.astimezone(ZoneInfo(study.timezone))
    if cadence == "daily":
        return local.date().isoformat()
    if cadence == "weekly":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week}"
    return None


async def on_schedule(deps: TrainerDeps) -> None:
    """A posterior update once per period; with hyperparameters fitted when theirs changes."""
    now = deps.clock.now()
    for study in deps.studies.values():
        posterior = period(study, study.update.posterior, now)
        hyper = period(study, study.update.hyperparameters, now)
        done_posterior, done_hyper = await deps.progress.periods_done(study.id)
        due_hyper = hyper is not None and done_hyper != hyper
        if posterior is not None and (done_posterior != posterior or due_hyper):
            await update(deps, study, "schedule", fit_hyperparameters=due_hyper)
            await deps.progress.mark_periods(study.id, posterior, hyper or "")


async def reconcile(deps: TrainerDeps) -> None:
    """Redis can always be rebuilt from PostgreSQL: put each study's served version there
    (the mirror keeps whatever a later choice put, see rladapters.policies)."""
    for study in deps.studies.values():
        row = await deps.policies.refresh(study, deps.clock.now())
        served(study.id, row.version, row.created_at, deps.clock)


async def housekeeping(deps: TrainerDeps, every_seconds: float) -> None:
    """Reconcile, then follow the schedule, take the backups due and evaluate the health
    checks due; an outage is logged and waited out."""
    reconciled = False
    while True:
        try:
            if not reconciled:
                await reconcile(deps)
                reconciled = True
            await on_schedule(deps)
            await deps.backups.if_due()
            await monitor(deps)
        except Exception as exc:  # PostgreSQL or Redis away: try again next round
            log.warning("housekeeping_failed", error=type(exc).__name__)
        await asyncio.sleep(every_seconds)
