"""Helpers shared by the Bayesian linear models: priors, design rows, sufficient statistics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .observations import Observation, observation_columns
from .states import StateBuilder

# MiWaves priors for the 8 baseline features [1, s1, s2, s3, s1s2, s1s3, s2s3, s1s2s3].
MIWAVES_BASELINE_MEAN = (2.12, 0.0, 0.0, -0.69, 0.0, 0.0, 0.0, 0.0)
MIWAVES_BASELINE_VAR = (0.6084, 0.1444, 0.3844, 0.9604, 0.0256, 0.01, 0.0256, 0.01)
MIWAVES_ADVANTAGE_VAR = (0.0729, 0.1089, 0.09, 0.1024, 0.01, 0.01, 0.01, 0.01)
MIWAVES_NOISE_VAR = 0.85
_PADDED_ROWS = 65536  # rows per zero-padded stack in add_grouped_stats (~12 MB at D = 24)


@dataclass(frozen=True)
class LinearPrior:
    """Independent Gaussian prior on the 3d coefficients of [b, pi*b, (a - pi)*b]."""

    mean: np.ndarray
    var: np.ndarray
    noise_var: float


def prior_vector(value: Any, size: int, what: str) -> np.ndarray:
    """A configured scalar (repeated) or list of exactly `size` finite numbers."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        arr = np.full(size, float(arr))
    if arr.shape != (size,) or not np.all(np.isfinite(arr)):
        raise ValueError(f"prior {what} needs {size} finite numbers, got {value!r}")
    return arr


def linear_prior(priors: Mapping[str, Any], states: StateBuilder) -> LinearPrior:
    """Either `mu0`/`sigma0_diag` (length 3d) or per-block `baseline_*`/`advantage_*` (length d).

    Missing entries default to the MiWaves priors for the MiWaves state, else N(0, 1) and
    noise variance 1. The advantage prior applies to both the pi*b and the (a - pi)*b block.
    """
    d = states.feature_dim
    miwaves = states.kind == "miwaves"
    if "mu0" in priors or "sigma0_diag" in priors:
        mean = prior_vector(priors.get("mu0", 0.0), 3 * d, "mu0")
        var = prior_vector(priors.get("sigma0_diag", 1.0), 3 * d, "sigma0_diag")
    else:
        base_mean = prior_vector(
            priors.get("baseline_mean", MIWAVES_BASELINE_MEAN if miwaves else 0.0),
            d,
            "baseline_mean",
        )
        base_var = prior_vector(
            priors.get("baseline_var", MIWAVES_BASELINE_VAR if miwaves else 1.0), d, "baseline_var"
        )
        adv_mean = prior_vector(priors.get("advantage_mean", 0.0), d, "advantage_mean")
        adv_var = prior_vector(
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
    design: np.ndarray  # (n, 3d) rows [b, pi*b, (a - pi)*b]
    reward: np.ndarray  # (n,)


def design_matrix(features: np.ndarray, pi: np.ndarray, action: np.ndarray) -> np.ndarray:
    """Action-centred design: the last block's coefficients are the treatment advantage."""
    n, d = features.shape
    # Filled in place: at a million rows the temporaries of hstack cost more than the maths.
    x = np.empty((n, 3 * d))
    x[:, :d] = features
    np.multiply(features, pi[:, None], out=x[:, d : 2 * d])
    np.multiply(features, (action - pi)[:, None], out=x[:, 2 * d :])
    return x


def batch_arrays(batch: Sequence[Observation], states: StateBuilder) -> BatchArrays:
    """The design and rewards of a batch, refused outright if any number in it is unusable."""
    columns = observation_columns(batch)
    if len(batch) == 0:
        return BatchArrays([], np.zeros((0, 3 * states.feature_dim)), columns.reward)
    features = states.feature_matrix(columns.state_matrix(states.state_dim))
    return BatchArrays(
        [o.participant_id for o in batch],
        design_matrix(features, columns.probability, columns.action),
        columns.reward,
    )


def add_grouped_stats(
    target: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    where: np.ndarray,
    group: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
) -> None:
    """Add each group's X'X, X'y, y'y and row count into rows `where[group]` of `target`.

    `target` is (xtx, xty, yty, n), arrays the caller owns; `where` must be duplicate-free.
    Groups are zero-padded into (groups, L, D) stacks, L a power of two, so batched matmul does
    the work: measured 10x faster than a bincount per entry or reduceat over outer products.
    Padding wastes at most half a stack; chunks of ~64k padded rows keep temporaries small.
    """
    xtx, xty, yty, n = target
    counts = np.bincount(group, minlength=len(where))
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    rank = np.arange(len(group)) - (np.cumsum(counts) - counts)[sorted_group]
    size_class = np.ceil(np.log2(np.maximum(counts, 1))).astype(np.int64)
    for cls in np.unique(size_class[counts > 0]):
        members = np.flatnonzero((size_class == cls) & (counts > 0))
        in_class = size_class[sorted_group] == cls
        rows, ranks = order[in_class], rank[in_class]
        local = np.searchsorted(members, sorted_group[in_class])  # sorted, like the rows
        step = max(1, _PADDED_ROWS >> int(cls))
        for first in range(0, len(members), step):
            lo, hi = np.searchsorted(local, [first, first + step])
            padded_x = np.zeros((min(step, len(members) - first), 2 ** int(cls), x.shape[1]))
            padded_y = np.zeros(padded_x.shape[:2])
            padded_x[local[lo:hi] - first, ranks[lo:hi]] = x[rows[lo:hi]]
            padded_y[local[lo:hi] - first, ranks[lo:hi]] = y[rows[lo:hi]]
            dest = where[members[first : first + step]]
            xtx[dest] += np.swapaxes(padded_x, 1, 2) @ padded_x
            xty[dest] += np.einsum("gld,gl->gd", padded_x, padded_y)
    yty[where] += np.bincount(group, y * y, minlength=len(where))
    n[where] += counts
