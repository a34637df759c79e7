"""Run a whole study in process: the live service's maths, a simulated world, no services.

Decisions go through `rldomain.deciding.derive` (context, state, probability, clipping, slot
seed) exactly as the decision service does; the policy is updated once per simulated day with
that day's observations, and hyperparameters are fitted every seventh day when the study asks
for weekly fits (the live trainer uses ISO weeks; simulated days have no calendar).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from rldomain.algorithms import Observation
from rldomain.deciding import RECENT_REWARDS as KEEP
from rldomain.deciding import derive
from rldomain.policy import Policy
from rldomain.seeds import slot_seed, study_key
from rldomain.study import Study

from .results import DecisionRecord, SimulationResult, summarize
from .world import World, WorldConfig

# A run's result type comes with the runs that produce it.
__all__ = [
    "DecisionRecord",
    "SimulationResult",
    "flat_config",
    "run_flat",
    "run_offline",
    "with_algorithm",
]

TAIL_DAYS = 7  # "the end of the study" for per-state probabilities


def with_algorithm(study: Study, algorithm: Mapping[str, Any]) -> Study:
    """The same study run by another algorithm config (validated like a study file)."""
    return Study.model_validate({**study.model_dump(), "algorithm": dict(algorithm)})


def flat_config(study: Study, probability: float = 0.5) -> dict[str, Any]:
    """A never-learning policy over the study's own state, so its states are comparable."""
    low, high = study.clip
    clip = {"low": low, "high": high}
    return {"name": "flat", "clip": clip, "priors": {"probability": probability}}


def run_offline(
    study: Study,
    world_config: WorldConfig,
    algorithm_override: dict[str, Any] | None = None,
    *,
    tail_days: int = TAIL_DAYS,
) -> SimulationResult:
    if algorithm_override is not None:
        study = with_algorithm(study, algorithm_override)
    windows = study.schedule.windows
    if windows is not None and world_config.decisions_per_day != windows:
        raise ValueError(f"a study of {windows} windows a day needs decisions_per_day = {windows}")
    world = World(world_config)
    algorithm, per_day = study.policy, world_config.decisions_per_day
    params = algorithm.initial_params()
    # Slot seeds as the decision service derives them, from a secret fixed by the world seed:
    # the same participant-decision gets the same uniform draw under every policy.
    key = study_key(f"simulation-{world_config.seed}", study.id)
    history: dict[str, list[float]] = defaultdict(list)
    records: list[DecisionRecord] = []
    pending: list[Observation] = []
    n_days, version = world_config.enrollment_days + world_config.days, 1
    for day in range(n_days):
        policy = Policy(study.id, version, str(study.algorithm["name"]), params)
        for slot in range(per_day):  # everyone's morning before anyone's evening, like time
            for p in world.participants:
                own_day = day - p.start_day
                if not world.active(p.id, own_day):
                    continue
                index = own_day * per_day + slot
                fields = world.fields(p.id, index, world.rng(p.id, index, "fields"))
                recent = history[p.id][-KEEP:]
                seed = slot_seed(key, p.id, index)
                d = derive(study, policy, p.id, index, fields, recent, seed)
                answers = world.outcome(
                    p.id, index, d.state, d.action, world.rng(p.id, index, "outcome")
                )
                reward = study.reward_of(answers) or 0.0
                history[p.id].append(reward)
                pending.append(Observation(p.id, d.state, d.action, d.probability, reward))
                records.append(
                    DecisionRecord(day, p.id, index, d.state, d.probability, d.action, reward)
                )
        # Like the trainer: no new observations, no new version (and no fit that period).
        if pending and _due(study.update.posterior, day):
            fit = _due(study.update.hyperparameters, day)
            params = algorithm.update(params, pending, fit_hyperparameters=fit)
            pending, version = [], version + 1
    return summarize(records, n_days, params, tail_days)


def run_flat(study: Study, world_config: WorldConfig, probability: float = 0.5) -> SimulationResult:
    """The same participants and random streams under a flat policy: the fair baseline."""
    return run_offline(study, world_config, flat_config(study, probability))


def _due(cadence: str, day: int) -> bool:
    return cadence == "daily" or (cadence == "weekly" and (day + 1) % 7 == 0)
