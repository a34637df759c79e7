"""Importance weights: how much more (or less) likely the candidate policy was to take each
logged action than the policy that actually took it.

A study has K >= 2 actions, numbered 0..K-1. Probabilities come either as a vector of P(action
1), one per decision (a binary study: P(action 0) is the rest), or as an (n, K) matrix, each row
every action's probability at one decision (rldomain.algorithms.probability_vector)."""

from __future__ import annotations

import numpy as np

from .inputs import Array, Vector, as_checked_array

SUMS_TO_ONE = 1e-9  # how far a row of probabilities may stray from 1 (floating-point noise)


def _distribution(name: str, x: Vector, n: int) -> Array:
    """`x` as an (n, K) matrix of every action's probability; a vector is P(action 1)."""
    if np.ndim(x) == 1:
        p = as_checked_array(name, x, n)
        if np.any((p < 0) | (p > 1)):
            raise ValueError(f"{name} must be between 0 and 1")
        return np.column_stack([1 - p, p])
    m = as_checked_array(name, x, n, ndim=2)
    if m.shape[1] < 2 or np.any(m < 0) or np.any(np.abs(m.sum(axis=1) - 1) > SUMS_TO_ONE):
        raise ValueError(
            f"{name}'s rows must be probabilities of two or more actions, summing to 1"
        )
    return m


def policy_inputs(
    actions: Vector, logged_p: Vector, candidate_p: Vector
) -> tuple[Array, Array, Array]:
    """(actions, logged, candidate), the latter two as (n, K) matrices of probabilities."""
    a = as_checked_array("actions", actions)
    mu = _distribution("logged_p", logged_p, a.size)
    # A logged probability of exactly 0 means that action was never possible there, so no
    # reweighting can recover the candidate's behaviour on it.
    if np.any(mu <= 0):
        raise ValueError("logged_p must give every action a probability strictly above 0")
    k = mu.shape[1]
    if not np.all(np.isin(a, np.arange(k))):
        raise ValueError(f"actions must be action numbers 0..{k - 1}")
    # A scalar is a fixed-probability candidate of action 1 (0.5, always 1.0, never 0.0).
    if np.ndim(candidate_p) == 0:
        candidate_p = np.full(a.size, candidate_p, dtype=np.float64)
    pi = _distribution("candidate_p", candidate_p, a.size)
    if pi.shape[1] != k:
        raise ValueError(f"candidate_p has {pi.shape[1]} actions, the logged policy {k}")
    return a, mu, pi


def taken(probabilities: Array, actions: Array) -> Array:
    """Each decision's probability of the action it took."""
    return np.asarray(probabilities[np.arange(actions.size), actions.astype(np.intp)])


def importance_weights(actions: Vector, logged_p: Vector, candidate_p: Vector) -> Array:
    """w = pi(A|S) / mu(A|S) for each logged decision."""
    a, mu, pi = policy_inputs(actions, logged_p, candidate_p)
    return taken(pi, a) / taken(mu, a)
