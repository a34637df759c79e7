"""How a synthetic participant answers the EMA after a window.

The action changes only the chance of finishing the EMA, by exactly effect / finish_gain, so
the expected reward difference of action 1 vs 0 in a state is that state's configured effect.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .world_config import StateKey, WorldConfig


def finish_gain(config: WorldConfig) -> float:
    """Reward gained by finishing the EMA instead of not finishing it, in expectation."""
    return 2.0 + config.activity_yes - config.app_use


def finish_probability(config: WorldConfig, state: StateKey, action: int, effect: float) -> float:
    untreated = config.ema_completion + config.engagement_boost * state[0]
    return untreated + action * effect / finish_gain(config)


def survey(config: WorldConfig, p_finish: float, rng: np.random.Generator) -> dict[str, Any]:
    # Always four draws in this order, so the streams of two policies stay aligned.
    finish, activity, app, use = rng.random(4)
    if finish < p_finish:
        return {
            "finished_ema": True,
            "activity_question_response": bool(activity < config.activity_yes),
            "app_use_flag": True,
            "cannabis_use": [int(use < config.cannabis_use)],
        }
    return {
        "finished_ema": False,
        "activity_question_response": "NA",
        "app_use_flag": bool(app < config.app_use),
        "cannabis_use": "NA",
    }
