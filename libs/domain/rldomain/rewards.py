"""Reward definitions, chosen per study by `reward:` in its file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def miwaves_reward(fields: Mapping[str, Any]) -> float:
    """3: EMA finished and the activity answer is yes; 2: finished and no; 1: not finished
    but the app was used; 0 otherwise."""
    if fields.get("finished_ema") is True:
        return 3.0 if fields.get("activity_question_response") is True else 2.0
    return 1.0 if fields.get("app_use_flag") is True else 0.0


def justin_clicks_reward(fields: Mapping[str, Any]) -> float:
    outcome = fields.get("outcome") or {}
    return float(outcome.get("clicks", 0))


REWARDS = {"miwaves": miwaves_reward, "justin_clicks": justin_clicks_reward}


def reward_for(study_reward: str, fields: Mapping[str, Any]) -> float | None:
    fn = REWARDS.get(study_reward)
    return None if fn is None else fn(fields)
