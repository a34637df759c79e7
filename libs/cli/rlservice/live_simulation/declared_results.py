"""A declared study's part of results.json: per calendar day, how often each action was taken
and its mean probability, and the cumulative reward beside a uniform policy's on the same
world and seeds."""

from __future__ import annotations

from typing import Any

import numpy as np

from rldomain.study import Study


def declared_results(
    study: Study, decisions: list[dict[str, Any]], uniform: list[float], days: int
) -> dict[str, Any]:
    k = study.n_actions
    day = np.array([d["day"] for d in decisions], dtype=np.int64)
    count = np.bincount(day, minlength=days)
    with np.errstate(invalid="ignore", divide="ignore"):  # nan marks a day without decisions
        share = [
            np.bincount(day, weights=[d["action"] == a for d in decisions], minlength=days) / count
            for a in range(k)
        ]
        probability = [
            np.bincount(day, weights=[d["probabilities"][a] for d in decisions], minlength=days)
            / count
            for a in range(k)
        ]
    reward = np.cumsum(np.bincount(day, weights=[d["reward"] for d in decisions], minlength=days))
    return {
        "actions": list(study.actions),
        "action_share_by_day": {n: _floats(s) for n, s in zip(study.actions, share, strict=True)},
        "mean_probability_by_day": {
            n: _floats(p) for n, p in zip(study.actions, probability, strict=True)
        },
        "first_day_probabilities": _on(probability, 0, study.actions),
        "last_day_probabilities": _on(probability, -1, study.actions),
        "cumulative_reward_by_day": _floats(reward),
        "cumulative_reward": float(reward[-1]),
        "uniform_cumulative_reward_by_day": uniform,
        "uniform_cumulative_reward": uniform[-1],
    }


def _on(by_action: list[Any], day: int, names: tuple[str, ...]) -> dict[str, float]:
    return {n: float(p[day]) for n, p in zip(names, by_action, strict=True)}


def _floats(values: Any) -> list[float]:
    return [float(v) for v in values]
