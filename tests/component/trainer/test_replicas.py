"""Two trainers on one record (trainer.triggers): each follows every study's schedule and gets
part of a study's observations, as the consumer group splits the partitions, yet each trigger
makes one update. The second trainer shares the record and the Redis mirror with the first,
and has its own publisher and backups."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from datetime import timedelta

import pytest

from rlkernel.events import PolicyUpdated
from tests.component.fakes import FakePublisher
from tests.component.trainer.conftest import EVERY_N, Trainer
from tests.component.trainer.fakes import FakeBackups, Run
from trainer.dependencies import TrainerDeps
from trainer.handlers import on_observations
from trainer.schedule import on_schedule


@dataclass(frozen=True)
class Replica:
    deps: TrainerDeps
    publisher: FakePublisher


@pytest.fixture
def other(trainer: Trainer) -> Replica:
    publisher = FakePublisher()
    deps = dataclasses.replace(
        trainer.deps, publisher=publisher, backups=FakeBackups(trainer.updates)
    )
    return Replica(deps, publisher)


def announced(trainer: Trainer, other: Replica, study_id: str) -> list[int]:
    """The versions both trainers announced for the study."""
    events = trainer.publisher.events + other.publisher.events
    return sorted(
        e.policy_version for e in events if isinstance(e, PolicyUpdated) and e.study_id == study_id
    )


async def test_two_trainers_on_the_schedule_make_one_update_per_period(
    trainer: Trainer, other: Replica
) -> None:
    for _ in range(2):  # Monday and Tuesday, both trainers at once each day
        await asyncio.gather(on_schedule(trainer.deps), on_schedule(other.deps))
        trainer.clock.at += timedelta(days=1)
    miwaves = [r for r in trainer.updates.runs if r.study_id == "miwaves"]
    assert miwaves == [Run("miwaves", "schedule", True), Run("miwaves", "schedule", False)]
    assert announced(trainer, other, "miwaves") == [2, 3]


async def test_two_trainers_sharing_a_study_s_observations_update_once_per_n(
    trainer: Trainer, other: Replica
) -> None:
    batch = trainer.store("justin", EVERY_N)
    # Neither trainer saw N events, both see N observations stored.
    await asyncio.gather(
        on_observations(batch[:1], trainer.deps), on_observations(batch[1:], other.deps)
    )
    assert trainer.updates.runs == [Run("justin", "every_n", False)]
    await asyncio.gather(on_observations(batch, trainer.deps), on_observations(batch, other.deps))
    assert len(trainer.updates.runs) == 1, "a batch delivered again, to either, adds none"
    assert announced(trainer, other, "justin") == [2]


async def test_a_failed_scheduled_update_leaves_its_period_to_the_next_round(
    trainer: Trainer, other: Replica
) -> None:
    trainer.updates.fail_with = ValueError("PostgreSQL away")
    with pytest.raises(ValueError):
        await on_schedule(trainer.deps)
    trainer.updates.fail_with = None
    await on_schedule(other.deps)
    tries = [r for r in trainer.updates.runs if r.study_id == trainer.updates.runs[0].study_id]
    assert len(tries) == 2 and tries[1].fit_hyperparameters == tries[0].fit_hyperparameters
