"""The results of a MiWaves live run, as stored in results.json: what it decided day by day,
against a flat policy run offline on the same participants, and how well the final policy knows
the true effects. Earlier sessions' results are read back for --compare."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from rladapters.policies import latest as policies_latest
from rlaudit.simulation.offline import run_flat
from rlaudit.simulation.world import World
from rldomain.algorithms import decode_params
from rldomain.study import Study

from .effects import STATES, estimated_effects


def daily(values: list[tuple[int, float]], days: int, how: str) -> list[float]:
    """Per calendar day: the mean of its values (nan without any), or the running sum."""
    out = []
    for day in range(days):
        today = [v for d, v in values if d == day]
        if how == "mean":
            out.append(float(np.mean(today)) if today else float("nan"))
        else:
            out.append((out[-1] if out else 0.0) + float(np.sum(today)))
    return out


def results_of(
    study: Study,
    world: World,
    decisions: list[dict[str, Any]],
    sessions: sessionmaker[Session],
    days: int,
) -> dict[str, Any]:
    """MiWaves' part of results.json (run.py adds what every study's run reports)."""
    with sessions() as db:
        newest = policies_latest(db, study.id)
    params = decode_params(newest.params) if newest else study.policy.initial_params()
    estimated = estimated_effects(params)
    true = {str(s): world.true_effect(s) for s in STATES}
    flat = run_flat(study, world.config)
    by_day = daily([(d["day"], d["act_prob"]) for d in decisions], days, "mean")
    reward = daily([(d["day"], d["reward"]) for d in decisions], days, "sum")
    flat_reward = list(flat.cumulative_reward)[:days]
    flat_reward += [flat_reward[-1] if flat_reward else 0.0] * (days - len(flat_reward))
    return {
        "mean_probability_by_day": by_day,
        "first_day_probability": by_day[0],
        "last_day_probability": by_day[-1],
        "cumulative_reward_by_day": reward,
        "cumulative_reward": reward[-1],
        "flat_cumulative_reward_by_day": flat_reward,
        "flat_cumulative_reward": flat_reward[-1],
        "true_effects": true,
        "estimated_effects": estimated,
        "effect_rmse": float(np.sqrt(np.mean([(true[k] - estimated[k]) ** 2 for k in true]))),
    }


def previous_results(root: Path, session: str | None) -> dict[str, Any] | None:
    """The results of session `session` in the sessions folder `root`, if one is asked for."""
    if session is None:
        return None
    path = root / session / "results.json"
    if not path.exists():
        raise ValueError(f"no stored simulation {session!r} in {root}")
    previous: dict[str, Any] = json.loads(path.read_text())
    return previous
