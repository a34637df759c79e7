"""The trainer's own clockwork: posterior and hyperparameter updates on each study's cadence,
by the service clock, Redis rebuilt from PostgreSQL at start, the scheduled backups, and the
studies' health checks (trainer.monitoring)."""

from __future__ import annotations

import asyncio

from rlkernel.logs import get_logger
from trainer.dependencies import TrainerDeps
from trainer.handlers import update
from trainer.metrics import served
from trainer.monitoring import monitor
from trainer.triggers import scheduled

log = get_logger(__name__)


async def on_schedule(deps: TrainerDeps) -> None:
    """A posterior update once per period; with hyperparameters fitted when theirs changes.
    Every trainer asks; the record lets one update per period through (trainer.triggers)."""
    now = deps.clock.now()
    for study in deps.studies.values():
        trigger = scheduled(study, now)
        if trigger is not None and await deps.updates.pending(study, trigger):
            await update(deps, study, trigger)


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
