"""Importance weights: how much more (or less) likely the candidate policy was to take each
logged action than the policy that actually took it."""

from __future__ import annotations

import numpy as np

from .inputs import Array, Vector, as_checked_array


def policy_inputs(
    actions: Vector, logged_p: Vector, candidate_p: Vector
) -> tuple[Array, Array, Array]:
    a = as_checked_array("actions", actions)
    if not np.all((a == 0) | (a == 1)):
        raise ValueError("actions must be 0 or 1")
    p = as_checked_array("logged_p", logged_p, a.size)
    # A logged probability of exactly 0 or 1 means one action was never possible there,
    # so no reweighting can recover the candidate's behaviour on it.
    if np.any((p <= 0) | (p >= 1)):
        raise ValueError("logged_p must be strictly between 0 and 1")
    # A scalar is a fixed-probability candidate (0.5, always 1.0, never 0.0).
    if np.ndim(candidate_p) == 0:
        candidate_p = np.full(a.size, candidate_p, dtype=np.float64)
    pi = as_checked_array("candidate_p", candidate_p, a.size)
    if np.any((pi < 0) | (pi > 1)):
        raise ValueError("candidate_p must be between 0 and 1")
    return a, p, pi


def importance_weights(actions: Vector, logged_p: Vector, candidate_p: Vector) -> Array:
    """w = pi(A|S) / mu(A|S) for each logged decision."""
    a, p, pi = policy_inputs(actions, logged_p, candidate_p)
    return np.where(a == 1, pi / p, (1 - pi) / (1 - p))
