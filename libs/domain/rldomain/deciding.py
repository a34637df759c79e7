"""How a decision is derived: action = f(policy, state, seed). Serving and replay share it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rldomain.algorithms import draw_from
from rldomain.declared import RECENT_REWARDS as RECENT_REWARDS
from rldomain.policy import Policy
from rldomain.study import Study

# The probability of each action that `policy` gives in a state (action_probabilities).
Allocate = Callable[[Study, Policy, Sequence[float], str], tuple[float, ...]]


@dataclass(frozen=True)
class Derived:
    state: tuple[float, ...]
    probabilities: tuple[float, ...]  # of each action, by its number
    action: int

    @property
    def probability(self) -> float:
        """P(action 1): what a decision's `probability` means, for any number of actions."""
        return self.probabilities[1]


def derive(
    study: Study,
    policy: Policy,
    participant_id: str,
    decision_index: int,
    fields: Mapping[str, Any],
    recent_rewards: Sequence[float],
    seed: int,
    allocate: Allocate | None = None,
) -> Derived:
    """A ValueError when the request makes no state (the caller falls back). `allocate` is
    action_probabilities unless given: replay passes a memo of it, as many decisions share a
    state."""
    state = study.state_of(fields, recent_rewards, decision_index)
    probabilities = study.warmup_probabilities(decision_index) or (
        allocate or action_probabilities
    )(study, policy, state, participant_id)
    return Derived(state, probabilities, draw_from(probabilities, seed))


def action_probabilities(
    study: Study, policy: Policy, state: Sequence[float], participant_id: str
) -> tuple[float, ...]:
    """The probability of each action in `state`; with two actions (1 - p, p), p clipped to the
    study's bounds."""
    probabilities = study.policy.probabilities(policy.params, state, participant_id)
    if study.n_actions == 2:
        p = study.clipped(probabilities[1])
        return (1.0 - p, p)
    return tuple(probabilities)


def derive_fallback(study: Study, seed: int) -> Derived:
    """The study's pre-specified fallback, drawn with the slot seed; no state."""
    probabilities = study.fallback_probabilities()
    return Derived((), probabilities, draw_from(probabilities, seed))
