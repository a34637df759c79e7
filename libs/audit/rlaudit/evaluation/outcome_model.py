"""The outcome model the doubly robust estimator corrects: a ridge regression of reward on
state, action and their interaction, cross-fitted so no row is predicted by a model it trained."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .inputs import Array, Vector, as_checked_array

OutcomeModel = Callable[[Array, int], Array]


def _design(s: Array, a: Array, n_actions: int) -> Array:
    # Intercept, state, an indicator of each action but 0 and its product with the state: each
    # action's effect may vary with the state. Two actions: [1, S, A, A*S].
    treated = (a[:, None] == np.arange(1, n_actions)).astype(np.float64)
    return np.hstack(
        [np.ones((s.shape[0], 1)), s, treated, *(treated[:, [k]] * s for k in range(n_actions - 1))]
    )


def fit_outcome_model(
    states: Vector, actions: Vector, rewards: Vector, ridge: float = 1e-3, n_actions: int = 2
) -> OutcomeModel:
    """Ridge regression of R on the design above; returns predict(states, a) -> E[R | S, A=a]."""
    a = as_checked_array("actions", actions)
    s = as_checked_array("states", states, a.size, 2)
    r = as_checked_array("rewards", rewards, a.size)
    if not ridge > 0:
        raise ValueError("ridge must be positive")
    x = _design(s, a, n_actions)
    penalty = ridge * np.eye(x.shape[1])
    penalty[0, 0] = 0.0  # do not shrink the mean reward toward zero
    coef = np.linalg.solve(x.T @ x + penalty, x.T @ r)

    def predict(new_states: Array, action: int) -> Array:
        ns = np.asarray(new_states, dtype=np.float64)
        return np.asarray(_design(ns, np.full(ns.shape[0], float(action)), n_actions) @ coef)

    return predict


def cross_fit_q(
    states: Vector,
    actions: Vector,
    rewards: Vector,
    folds: int = 2,
    seed: int = 0,
    n_actions: int = 2,
) -> tuple[Array, ...]:
    """Out-of-fold predictions of each action's reward (q0, q1, ...): each row is predicted by
    a model that never saw it, so DR's correction term is not biased toward zero by
    overfitting."""
    a = as_checked_array("actions", actions)
    s = as_checked_array("states", states, a.size, 2)
    r = as_checked_array("rewards", rewards, a.size)
    if not 2 <= folds <= a.size:
        raise ValueError(f"folds must be between 2 and the number of decisions, got {folds}")
    q = np.empty((n_actions, a.size))
    for idx in np.array_split(np.random.default_rng(seed).permutation(a.size), folds):
        train = np.ones(a.size, dtype=bool)
        train[idx] = False
        model = fit_outcome_model(s[train], a[train], r[train], n_actions=n_actions)
        for k in range(n_actions):
            q[k, idx] = model(s[idx], k)
    return tuple(q)
