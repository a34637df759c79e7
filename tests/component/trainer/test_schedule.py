"""The schedule: one posterior update per period by the service clock, hyperparameters fitted
when their (weekly) period changes, each period claimed in the record; and Redis rebuilt from
PostgreSQL at start."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from tests.component.trainer.conftest import Trainer
from tests.component.trainer.fakes import Run, version_row
from trainer.schedule import on_schedule, reconcile


def miwaves_runs(trainer: Trainer) -> list[Run]:
    return [r for r in trainer.updates.runs if r.study_id == "miwaves"]


async def test_the_schedule_runs_one_posterior_update_per_period(trainer: Trainer) -> None:
    await on_schedule(trainer.deps)
    await on_schedule(trainer.deps)
    assert len(miwaves_runs(trainer)) == 1
    trainer.clock.at += timedelta(days=1)
    await on_schedule(trainer.deps)
    await on_schedule(trainer.deps)
    assert [r.trigger for r in miwaves_runs(trainer)] == ["schedule", "schedule"]


async def test_hyperparameters_are_fitted_when_the_weekly_period_changes(
    trainer: Trainer,
) -> None:
    for _ in range(8):  # Monday to the next Monday
        await on_schedule(trainer.deps)
        trainer.clock.at += timedelta(days=1)
    fitted = [r.fit_hyperparameters for r in miwaves_runs(trainer)]
    assert fitted == [True, False, False, False, False, False, False, True]
    justin = [r for r in trainer.updates.runs if r.study_id == "justin"]
    assert len(justin) == 8 and not any(r.fit_hyperparameters for r in justin), "never"


async def test_hyperparameters_due_on_their_own_run_an_update_within_the_posterior_period(
    trainer: Trainer,
) -> None:
    miwaves = trainer.deps.studies["miwaves"]
    cadence = miwaves.update.model_copy(update={"posterior": "weekly", "hyperparameters": "daily"})
    deps = dataclasses.replace(
        trainer.deps, studies={"miwaves": miwaves.model_copy(update={"update": cadence})}
    )
    for _ in range(3):  # Monday to Wednesday: one posterior week, three hyperparameter days
        await on_schedule(deps)
        trainer.clock.at += timedelta(days=1)
    assert [r.fit_hyperparameters for r in miwaves_runs(trainer)] == [True, True, True]


async def test_a_scheduled_update_ships_its_version(trainer: Trainer) -> None:
    await on_schedule(trainer.deps)
    # Every example study's first update (justin, miwaves and the simulated ones).
    assert {s: row.version for s, row in trainer.policies.current.items()} == {
        s: 2 for s in trainer.deps.studies
    }
    claimed = {key for study, key in trainer.updates.claims if study == "miwaves"}
    assert claimed == {"posterior:2026-03-02", "hyperparameters:2026-W10"}


async def test_reconcile_puts_the_served_version_in_redis_the_pinned_one_if_any(
    trainer: Trainer,
) -> None:
    trainer.updates.newest_versions |= {"miwaves": 4, "justin": 9}
    trainer.policies.current["miwaves"] = version_row(trainer.deps.studies["miwaves"], 2)
    trainer.updates.pinned["justin"] = 3
    await reconcile(trainer.deps)
    assert trainer.policies.current["miwaves"].version == 4
    assert trainer.policies.current["justin"].version == 3
