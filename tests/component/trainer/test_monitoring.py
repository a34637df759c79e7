"""The trainer evaluates every study's health checks on its housekeeping rounds, by the service
clock, and goes on past a study whose evaluation fails; MONITORING_EVERY_SECONDS=0 stops it."""

from __future__ import annotations

import asyncio
import dataclasses

from tests.component.trainer.conftest import MONITORING_EVERY, Trainer
from trainer.dependencies import Monitoring
from trainer.monitoring import monitor
from trainer.schedule import housekeeping


async def test_housekeeping_evaluates_each_study_by_the_service_clock(trainer: Trainer) -> None:
    rounds = asyncio.create_task(housekeeping(trainer.deps, every_seconds=0.01))
    try:
        await asyncio.wait_for(trainer.health.evaluated.wait(), 5)
    finally:
        rounds.cancel()
    now = trainer.clock.now()
    studies = sorted(trainer.deps.studies)
    first_round = sorted(trainer.health.asked[: len(studies)])
    assert first_round == [(s, now, MONITORING_EVERY) for s in studies]


async def test_a_study_whose_checks_fail_does_not_stop_the_others(trainer: Trainer) -> None:
    trainer.health.broken = {"justin"}
    await monitor(trainer.deps)
    assert sorted(s for s, _, _ in trainer.health.asked) == sorted(trainer.deps.studies)


async def test_nothing_is_evaluated_when_monitoring_is_off(trainer: Trainer) -> None:
    off = dataclasses.replace(trainer.deps, monitoring=Monitoring(trainer.health, None))
    await monitor(off)
    assert trainer.health.asked == []
