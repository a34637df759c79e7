"""Helpers shared by the Bayesian linear models: priors, design rows, sufficient statistics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import Observation
from .states import StateBuilder

# MiWaves priors for the 8 baseline features [1, s1, s2, s3, s1s2, s1s3, s2s3, s1s2s3].
MIWAVES_BASELINE_MEAN = (2.12, 0.0, 0.0, -0.69, 0.0, 0.0, 0.0, 0.0)
MIWAVES_BASELINE_VAR = (0.6084, 0.1444, 0.3844, 0.9604, 0.0256, 0.01, 0.0256, 0.01)
MIWAVES_ADVANTAGE_VAR = (0.0729, 0.1089, 0.09, 0.1024, 0.01, 0.01, 0.01, 0.01)
MIWAVES_NOISE_VAR = 0.85


@dataclass(frozen=True)
class LinearPrior:
    """Independent Gaussian prior on the 3d coefficients of [b, pi*b, (a - pi)*b]."""

    mean: np.ndarray
    var: np.ndarray
    noise_var: float


def _vector(value: Any, size: int, what: str) -> np.ndarray:
    out = np.broadcast_to(np.asarray(value, dtype=np.float64), (size,)).copy()
    if not np.all(np.isfinite(out)):
        raise ValueError(f"prior {what} must be finite")
    return out


def linear_prior(priors: Mapping[str, Any], states: StateBuilder) -> LinearPrior:
    """Either `mu0`/`sigma0_diag` (length 3d) or per-block `baseline_*`/`advantage_*` (length d).

    Missing entries default to the MiWaves priors for the MiWaves state, else N(0, 1) and
    noise variance 1. The advantage prior applies to both the pi*b and the (a - pi)*b block.
    """
    d = states.feature_dim
    miwaves = states.kind == "miwaves"
    if "mu0" in priors or "sigma0_diag" in priors:
        mean = _vector(priors.get("mu0", 0.0), 3 * d, "mu0")
        var = _vector(priors.get("sigma0_diag", 1.0), 3 * d, "sigma0_diag")
    else:
        base_mean = _vector(
            priors.get("baseline_mean", MIWAVES_BASELINE_MEAN if miwaves else 0.0),
            d,
            "baseline_mean",
        )
        base_var = _vector(
            priors.get("baseline_var", MIWAVES_BASELINE_VAR if miwaves else 1.0), d, "baseline_var"
        )
        adv_mean = _vector(priors.get("advantage_mean", 0.0), d, "advantage_mean")
        adv_var = _vector(
            priors.get("advantage_var", MIWAVES_ADVANTAGE_VAR if miwaves else 1.0),
            d,
            "advantage_var",
        )
        mean = np.concatenate([base_mean, adv_mean, adv_mean])
        var = np.concatenate([base_var, adv_var, adv_var])
    noise_var = float(priors.get("noise_var", MIWAVES_NOISE_VAR if miwaves else 1.0))
    if np.any(var <= 0.0) or not noise_var > 0.0:
        raise ValueError("prior variances and noise_var must be positive")
    return LinearPrior(mean=mean, var=var, noise_var=noise_var)


@dataclass(frozen=True)
class BatchArrays:
    participant_ids: list[str]
    columns: np.ndarray  # (3d, n): the design [b, pi*b, (a - pi)*b], one row per coefficient
    reward: np.ndarray  # (n,)


def design_columns(features: np.ndarray, pi: np.ndarray, action: np.ndarray) -> np.ndarray:
    """Action-centred design, transposed: the last block's coefficients are the advantage.

    Column-major because every consumer reads whole columns, and building it in place avoids
    the large temporaries whose page faults dominated at a million rows.
    """
    n, d = features.shape
    cols = np.empty((3 * d, n))
    cols[:d] = features.T
    np.multiply(cols[:d], pi, out=cols[d : 2 * d])
    np.multiply(cols[:d], action - pi, out=cols[2 * d :])
    return cols


def batch_arrays(batch: Sequence[Observation], states: StateBuilder) -> BatchArrays:
    n = len(batch)
    pi = np.fromiter((o.probability for o in batch), np.float64, n)
    action = np.fromiter((o.action for o in batch), np.float64, n)
    reward = np.fromiter((o.reward for o in batch), np.float64, n)
    if np.any((action != 0.0) & (action != 1.0)):
        raise ValueError("actions must be 0 or 1")
    if not np.all((pi >= 0.0) & (pi <= 1.0)):
        raise ValueError("probabilities must lie in [0, 1]")
    if not np.all(np.isfinite(reward)):
        raise ValueError("rewards must be finite")
    if n == 0:
        return BatchArrays([], np.zeros((3 * states.feature_dim, 0)), reward)
    features = states.feature_matrix([o.state for o in batch])
    return BatchArrays(
        [o.participant_id for o in batch], design_columns(features, pi, action), reward
    )


def grouped_stats(
    group: np.ndarray, cols: np.ndarray, y: np.ndarray, n_groups: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-group X^T X, X^T y, y^T y and counts in O(rows * D^2) time; cols is X^T.

    One weighted bincount per entry of the upper triangle: measured 8x faster than summing
    (rows, D, D) outer products with np.add.reduceat, and it needs no (rows, D, D) temporary.
    """
    dim = cols.shape[0]
    xtx = np.empty((n_groups, dim, dim))
    product = np.empty(cols.shape[1])  # reused: fresh large temporaries cost page faults
    for j in range(dim):
        for k in range(j, dim):
            np.multiply(cols[j], cols[k], out=product)
            xtx[:, j, k] = xtx[:, k, j] = np.bincount(group, product, minlength=n_groups)
    xty = np.empty((n_groups, dim))
    for j in range(dim):
        xty[:, j] = np.bincount(group, np.multiply(cols[j], y, out=product), minlength=n_groups)
    yty = np.bincount(group, y * y, minlength=n_groups)
    counts = np.bincount(group, minlength=n_groups).astype(np.int64)
    return xtx, xty, yty, counts
