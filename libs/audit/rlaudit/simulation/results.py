"""What an offline run yields: every decision it made, and the per-day and per-state summaries
the science tests and the live simulation's flat baseline compare."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from rldomain.algorithms import Params


@dataclass(frozen=True)
class DecisionRecord:
    day: int  # calendar day of the simulated study
    participant_id: str
    decision_index: int
    state: tuple[float, ...]
    probability: float
    action: int
    reward: float


@dataclass(frozen=True)
class SimulationResult:
    records: tuple[DecisionRecord, ...]
    daily_mean_probability: tuple[float, ...]  # per calendar day; nan on a day without decisions
    cumulative_reward: tuple[float, ...]  # running total at the end of each calendar day
    final_params: Params
    state_mean_probability: dict[tuple[float, ...], float]  # over the last tail_days days

    @property
    def total_reward(self) -> float:
        return self.cumulative_reward[-1] if self.cumulative_reward else 0.0


def summarize(
    records: list[DecisionRecord], n_days: int, params: Params, tail_days: int
) -> SimulationResult:
    day = np.array([r.day for r in records], dtype=np.int64)
    prob = np.array([r.probability for r in records])
    reward = np.array([r.reward for r in records])
    count = np.bincount(day, minlength=n_days)
    with np.errstate(invalid="ignore", divide="ignore"):  # nan marks a day without decisions
        daily = np.bincount(day, weights=prob, minlength=n_days) / count
    cumulative = np.cumsum(np.bincount(day, weights=reward, minlength=n_days))
    last = int(day.max()) if len(records) else 0
    by_state: dict[tuple[float, ...], list[float]] = defaultdict(list)
    for r in records:
        if r.day > last - tail_days:
            by_state[r.state].append(r.probability)
    return SimulationResult(
        records=tuple(records),
        daily_mean_probability=tuple(float(v) for v in daily),
        cumulative_reward=tuple(float(v) for v in cumulative),
        final_params=params,
        state_mean_probability={s: float(np.mean(v)) for s, v in sorted(by_state.items())},
    )
