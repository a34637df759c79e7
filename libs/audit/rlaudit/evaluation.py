"""Off-policy evaluation: the mean reward per decision a candidate policy would have earned,
estimated from logged micro-randomized decisions (IPW, self-normalized IPW, doubly robust)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
Vector = npt.ArrayLike  # validated and converted to float arrays on entry
OutcomeModel = Callable[[Array, int], Array]
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


def _vector(name: str, x: Vector, n: int | None = None, ndim: int = 1) -> Array:
    v = np.asarray(x, dtype=np.float64)
    if v.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {v.shape}")
    if v.size == 0:
        raise ValueError(f"{name} is empty")
    if n is not None and v.shape[0] != n:
        raise ValueError(f"{name} has {v.shape[0]} rows, expected {n}")
    if not np.all(np.isfinite(v)):
        raise ValueError(f"{name} contains NaN or infinity")
    return v


def _policy_inputs(
    actions: Vector, logged_p: Vector, candidate_p: Vector
) -> tuple[Array, Array, Array]:
    a = _vector("actions", actions)
    if not np.all((a == 0) | (a == 1)):
        raise ValueError("actions must be 0 or 1")
    p = _vector("logged_p", logged_p, a.size)
    # A logged probability of exactly 0 or 1 means one action was never possible there,
    # so no reweighting can recover the candidate's behaviour on it.
    if np.any((p <= 0) | (p >= 1)):
        raise ValueError("logged_p must be strictly between 0 and 1")
    # A scalar is a fixed-probability candidate (0.5, always 1.0, never 0.0).
    if np.ndim(candidate_p) == 0:
        candidate_p = np.full(a.size, candidate_p, dtype=np.float64)
    pi = _vector("candidate_p", candidate_p, a.size)
    if np.any((pi < 0) | (pi > 1)):
        raise ValueError("candidate_p must be between 0 and 1")
    return a, p, pi


def importance_weights(actions: Vector, logged_p: Vector, candidate_p: Vector) -> Array:
    """w = pi(A|S) / mu(A|S) for each logged decision."""
    a, p, pi = _policy_inputs(actions, logged_p, candidate_p)
    return np.where(a == 1, pi / p, (1 - pi) / (1 - p))


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
    contrib = w * _vector("rewards", rewards, w.size)
    return _estimate("ipw", float(np.mean(contrib)), contrib, w)


def snipw(actions: Vector, logged_p: Vector, rewards: Vector, candidate_p: Vector) -> Estimate:
    """Self-normalized IPW: sum(w R) / sum(w); SE by the delta method."""
    w = importance_weights(actions, logged_p, candidate_p)
    r = _vector("rewards", rewards, w.size)
    if np.sum(w) <= 0:
        raise ValueError("no logged decision has positive weight under the candidate")
    value = float(np.sum(w * r) / np.sum(w))
    # Linearization of the ratio estimator around its value.
    return _estimate("snipw", value, w * (r - value) / np.mean(w), w)


def doubly_robust(
    actions: Vector, logged_p: Vector, rewards: Vector, candidate_p: Vector, q0: Vector, q1: Vector
) -> Estimate:
    """q0, q1: outcome-model predictions of E[R | S, A=a] for each logged decision."""
    a, _, pi = _policy_inputs(actions, logged_p, candidate_p)
    w = importance_weights(a, logged_p, pi)
    r = _vector("rewards", rewards, a.size)
    m0, m1 = _vector("q0", q0, a.size), _vector("q1", q1, a.size)
    # Model-based value plus an importance-weighted correction of the model's residual:
    # unbiased if either the logging probabilities or the outcome model is right.
    contrib = pi * m1 + (1 - pi) * m0 + w * (r - np.where(a == 1, m1, m0))
    return _estimate("dr", float(np.mean(contrib)), contrib, w)


def _design(s: Array, a: Array) -> Array:
    # Intercept, state, action and action x state: the treatment effect may vary with state.
    return np.hstack([np.ones((s.shape[0], 1)), s, a[:, None], a[:, None] * s])


def fit_outcome_model(
    states: Vector, actions: Vector, rewards: Vector, ridge: float = 1e-3
) -> OutcomeModel:
    """Ridge regression of R on [1, S, A, A*S]; returns predict(states, a) -> E[R | S, A=a]."""
    a = _vector("actions", actions)
    s, r = _vector("states", states, a.size, 2), _vector("rewards", rewards, a.size)
    if not ridge > 0:
        raise ValueError("ridge must be positive")
    x = _design(s, a)
    penalty = ridge * np.eye(x.shape[1])
    penalty[0, 0] = 0.0  # do not shrink the mean reward toward zero
    coef = np.linalg.solve(x.T @ x + penalty, x.T @ r)

    def predict(new_states: Array, action: int) -> Array:
        ns = np.asarray(new_states, dtype=np.float64)
        return np.asarray(_design(ns, np.full(ns.shape[0], float(action))) @ coef)

    return predict


def cross_fit_q(
    states: Vector, actions: Vector, rewards: Vector, folds: int = 2, seed: int = 0
) -> tuple[Array, Array]:
    """Out-of-fold q0, q1: each row is predicted by a model that never saw it, so DR's
    correction term is not biased toward zero by overfitting."""
    a = _vector("actions", actions)
    s, r = _vector("states", states, a.size, 2), _vector("rewards", rewards, a.size)
    if not 2 <= folds <= a.size:
        raise ValueError(f"folds must be between 2 and the number of decisions, got {folds}")
    q0, q1 = np.empty(a.size), np.empty(a.size)
    for idx in np.array_split(np.random.default_rng(seed).permutation(a.size), folds):
        train = np.ones(a.size, dtype=bool)
        train[idx] = False
        model = fit_outcome_model(s[train], a[train], r[train])
        q0[idx], q1[idx] = model(s[idx], 0), model(s[idx], 1)
    return q0, q1


def evaluate(
    states: Vector, actions: Vector, logged_p: Vector, rewards: Vector, candidate_p: Vector
) -> list[Estimate]:
    """IPW, self-normalized IPW and doubly robust (cross-fitted outcome model), in that order."""
    q0, q1 = cross_fit_q(states, actions, rewards)
    return [
        ipw(actions, logged_p, rewards, candidate_p),
        snipw(actions, logged_p, rewards, candidate_p),
        doubly_robust(actions, logged_p, rewards, candidate_p, q0, q1),
    ]
