"""How a decision is derived: action = f(policy, state, seed). Serving and replay share it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rldomain.algorithms import draw_action
from rldomain.policy import Policy
from rldomain.rewards import reward_for
from rldomain.study import Study

RECENT_REWARDS = 10  # how many of a participant's previous rewards a state may use


@dataclass(frozen=True)
class Derived:
    state: tuple[float, ...]
    probability: float
    action: int


def algorithm_context(
    study: Study, fields: Mapping[str, Any], decision_index: int
) -> dict[str, Any]:
    """The request's fields plus what the study derives from them (current reward, time of day)."""
    context = dict(fields)
    reward = reward_for(study.reward, fields)
    if reward is not None:
        context["reward"] = reward
    if study.schedule.kind == "twice_daily":
        context["time_of_day"] = decision_index % 2
    return context


def derive(
    study: Study,
    policy: Policy,
    participant_id: str,
    decision_index: int,
    fields: Mapping[str, Any],
    recent_rewards: Sequence[float],
    seed: int,
) -> Derived:
    state = study.policy.state(algorithm_context(study, fields, decision_index), recent_rewards)
    probability = action_probability(study, policy, state, participant_id)
    return Derived(state, probability, draw_action(probability, seed))


def action_probability(
    study: Study, policy: Policy, state: Sequence[float], participant_id: str
) -> float:
    """The probability of action 1 in `state`, clipped to the study's bounds."""
    return study.clipped(study.policy.probability(policy.params, state, participant_id))


def derive_fallback(study: Study, seed: int) -> Derived:
    """The study's pre-specified fallback: fixed probability, clipped, drawn with the slot seed."""
    probability = study.clipped(study.fallback_probability)
    return Derived((), probability, draw_action(probability, seed))
