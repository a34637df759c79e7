"""The baseline a declared study's live run is judged against: the same participants on the same
world, each action equally likely at every decision, run in process."""

from __future__ import annotations

from collections.abc import Callable

from rldomain.algorithms import draw_from
from rldomain.seeds import slot_seed, study_key

from .declared_world import DeclaredWorld


def uniform_rewards(
    new_world: Callable[[], DeclaredWorld], per_day: int, calendar_days: int
) -> list[float]:
    """Cumulative reward at the end of each calendar day, on a fresh world from `new_world`."""
    world = new_world()
    k = world.study.n_actions
    uniform = tuple(1.0 / k for _ in range(k))
    # Slot seeds from a secret fixed by the world's seed, so the draws are reproducible too.
    key = study_key(f"simulation-{world.seed}", world.study.id)
    totals, running = [], 0.0
    for day in range(calendar_days):
        for p in world.participants:
            own_day = day - p.start_day
            if not world.active(p.id, own_day):
                continue
            for slot in range(per_day):
                index = own_day * per_day + slot
                context = world.context(p.id, index)
                action = draw_from(uniform, slot_seed(key, p.id, index))
                outcome = world.outcome(p.id, index, context, action)
                running += world.reward(context, action, outcome)
        totals.append(running)
    return totals
