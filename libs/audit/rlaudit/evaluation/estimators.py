"""The three estimators of a candidate policy's value, each with a standard error and a 95%
confidence interval, and `evaluate`, which runs all three on one study's logged decisions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .inputs import Array, Vector, as_checked_array
from .outcome_model import cross_fit_q
from .weights import importance_weights, policy_inputs, taken

Z95 = 1.96


@dataclass(frozen=True)
class Estimate:
    method: str  # "ipw" | "snipw" | "dr"
    value: float  # estimated mean reward per decision under the candidate
    std_error: float
    ci_low: float  # 95% CI, value ± 1.96 * std_error
    ci_high: float
    n: int
    effective_sample_size: float  # (sum w)^2 / sum w^2 of the importance weights


def _estimate(method: str, value: float, terms: Array, w: Array) -> Estimate:
    """terms: per-decision influence terms whose sample std / sqrt(n) is the standard error."""
    n = terms.size
    if n < 2:
        raise ValueError("need at least 2 decisions to estimate a standard error")
    se = float(np.std(terms, ddof=1) / np.sqrt(n))
    sum_w2 = float(np.sum(w**2))
    ess = float(np.sum(w)) ** 2 / sum_w2 if sum_w2 > 0 else 0.0
    return Estimate(method, value, se, value - Z95 * se, value + Z95 * se, n, ess)


def ipw(actions: Vector, logged_p: Vector, rewards: Vector, candidate_p: Vector) -> Estimate:
    w = importance_weights(actions, logged_p, candidate_p)
    contrib = w * as_checked_array("rewards", rewards, w.size)
    return _estimate("ipw", float(np.mean(contrib)), contrib, w)


def snipw(actions: Vector, logged_p: Vector, rewards: Vector, candidate_p: Vector) -> Estimate:
    """Self-normalized IPW: sum(w R) / sum(w); SE by the delta method."""
    w = importance_weights(actions, logged_p, candidate_p)
    r = as_checked_array("rewards", rewards, w.size)
    if np.sum(w) <= 0:
        raise ValueError("no logged decision has positive weight under the candidate")
    value = float(np.sum(w * r) / np.sum(w))
    # Linearization of the ratio estimator around its value.
    return _estimate("snipw", value, w * (r - value) / np.mean(w), w)


def doubly_robust(
    actions: Vector,
    logged_p: Vector,
    rewards: Vector,
    candidate_p: Vector,
    q: Sequence[Vector],
) -> Estimate:
    """q: outcome-model predictions of E[R | S, A=a] for each logged decision, one vector per
    action a (q0, q1 in a binary study)."""
    a, mu, pi = policy_inputs(actions, logged_p, candidate_p)
    w = taken(pi, a) / taken(mu, a)
    r = as_checked_array("rewards", rewards, a.size)
    if len(q) != pi.shape[1]:
        raise ValueError(f"q has predictions for {len(q)} actions, the policies {pi.shape[1]}")
    m = np.column_stack([as_checked_array(f"q{k}", qk, a.size) for k, qk in enumerate(q)])
    # Model-based value plus an importance-weighted correction of the model's residual:
    # unbiased if either the logging probabilities or the outcome model is right.
    contrib = np.sum(pi * m, axis=1) + w * (r - taken(m, a))
    return _estimate("dr", float(np.mean(contrib)), contrib, w)


def evaluate(
    states: Vector, actions: Vector, logged_p: Vector, rewards: Vector, candidate_p: Vector
) -> list[Estimate]:
    """IPW, self-normalized IPW and doubly robust (cross-fitted outcome model), in that order.
    `logged_p` and `candidate_p` as weights.policy_inputs reads them (P(action 1), or every
    action's probability)."""
    n_actions = 2 if np.ndim(logged_p) == 1 else np.shape(logged_p)[1]
    q = cross_fit_q(states, actions, rewards, n_actions=n_actions)
    return [
        ipw(actions, logged_p, rewards, candidate_p),
        snipw(actions, logged_p, rewards, candidate_p),
        doubly_robust(actions, logged_p, rewards, candidate_p, q),
    ]
