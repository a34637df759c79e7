"""The studies' health checks, on the trainer's housekeeping rounds: each study evaluated when
due (rladapters.monitoring.health decides, under the study's lock, so that several trainers
make one runner). A study whose evaluation fails is logged and tried again next round; the
others go on. Each result is a gauge too (rls_check_status), for one generic alert per severity."""

from __future__ import annotations

from rldomain.monitoring.checks import RANK, worst
from rlkernel.logs import get_logger
from trainer.dependencies import TrainerDeps
from trainer.metrics import CHECK_STATUS

log = get_logger(__name__)


async def monitor(deps: TrainerDeps) -> None:
    every = deps.monitoring.every
    if every is None:
        return
    now = deps.clock.now()
    for study in deps.studies.values():
        try:
            results = await deps.monitoring.health.evaluate(study, now, every)
        except Exception as exc:
            log.warning("health_checks_failed", study=study.id, error=type(exc).__name__)
            continue
        for r in results:
            CHECK_STATUS.labels(study.id, r.check).set(RANK[r.status])
        if results:
            failing = sorted(r.check for r in results if r.status != "green")
            status = worst([r.status for r in results])
            log.info("health_checked", study=study.id, status=status, failing=failing)
