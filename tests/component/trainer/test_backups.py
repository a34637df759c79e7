"""The trainer asks for a backup before every policy update, whatever triggered it, and for
a scheduled one on each round of its housekeeping (trainer.backups decides what is due)."""

from __future__ import annotations

import asyncio

from tests.component.trainer.conftest import EVERY_N, Trainer
from trainer.schedule import housekeeping, on_schedule


async def test_a_backup_is_asked_for_before_each_update_whatever_its_trigger(
    trainer: Trainer,
) -> None:
    await trainer.request("justin")
    await trainer.observe("justin", EVERY_N)
    before = len(trainer.updates.runs)
    await on_schedule(trainer.deps)
    scheduled = len(trainer.updates.runs) - before
    # Each with the number of runs before it: the backup came first, every time.
    assert trainer.backups.taken == [("before_update", n) for n in range(2 + scheduled)]


async def test_housekeeping_asks_for_the_scheduled_backup_after_the_schedule(
    trainer: Trainer,
) -> None:
    rounds = asyncio.create_task(housekeeping(trainer.deps, every_seconds=0.01))
    try:
        await asyncio.wait_for(trainer.backups.scheduled.wait(), 5)
    finally:
        rounds.cancel()
    studies = len(trainer.deps.studies)
    # The first round's scheduled updates (one per study), each after its backup, then the
    # scheduled backup's turn.
    first_round = [("before_update", n) for n in range(studies)] + [("if_due", studies)]
    assert trainer.backups.taken[: studies + 1] == first_round
