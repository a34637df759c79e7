"""Every N new observations of a study trigger one update; the count then starts over. The
record counts them (stored after the newest version's), not the events a trainer saw."""

from __future__ import annotations

from tests.component.trainer.conftest import EVERY_N, Trainer
from tests.component.trainer.fakes import Run


async def test_every_n_observations_trigger_one_update_and_reset_the_counter(
    trainer: Trainer,
) -> None:
    await trainer.observe("justin", EVERY_N - 1)
    assert trainer.updates.runs == []
    await trainer.observe("justin", 1)
    assert trainer.updates.runs == [Run("justin", "every_n", False)]
    assert trainer.updates.fitted["justin"] == EVERY_N
    await trainer.observe("justin", EVERY_N - 1)
    assert len(trainer.updates.runs) == 1, "the count started over after the update"


async def test_a_batch_of_n_at_once_triggers_one_update(trainer: Trainer) -> None:
    await trainer.observe("justin", EVERY_N + 1)
    assert trainer.updates.runs == [Run("justin", "every_n", False)]


async def test_observations_of_a_study_without_every_n_trigger_no_update(
    trainer: Trainer,
) -> None:
    await trainer.observe("miwaves", 50)
    await trainer.observe("unknown-study", 50)
    assert trainer.updates.runs == []


async def test_a_batch_delivered_again_triggers_no_second_update(trainer: Trainer) -> None:
    batch = trainer.store("justin", EVERY_N)
    for _ in range(2):  # the second time, as after a rebalance before the offset commit
        await trainer.broker.publish_batch(*batch, topic=trainer.topics.observations_ingested)
    assert trainer.updates.runs == [Run("justin", "every_n", False)]
