"""Helpers shared by the Bayesian linear models: priors, design rows, sufficient statistics.

With K actions and features b (d of them) the action-centred design row is
[b, pi_1 b, ..., pi_{K-1} b, (1{a=1} - pi_1) b, ..., (1{a=K-1} - pi_{K-1}) b], (2K - 1) d wide,
pi_k the probability action k was drawn with. The coefficients of block K - 1 + k are action
k's advantage over action 0; the middle blocks absorb what the allocation itself explains.
For K = 2 this is [b, pi b, (a - pi) b], bit for bit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .observations import Observation, observation_columns

if TYPE_CHECKING:
    from .base import StateSpace

# MiWaves priors for the 8 baseline features [1, s1, s2, s3, s1s2, s1s3, s2s3, s1s2s3].
MIWAVES_BASELINE_MEAN = (2.12, 0.0, 0.0, -0.69, 0.0, 0.0, 0.0, 0.0)
MIWAVES_BASELINE_VAR = (0.6084, 0.1444, 0.3844, 0.9604, 0.0256, 0.01, 0.0256, 0.01)
MIWAVES_ADVANTAGE_VAR = (0.0729, 0.1089, 0.09, 0.1024, 0.01, 0.01, 0.01, 0.01)
MIWAVES_NOISE_VAR = 0.85
_PADDED_ROWS = 65536  # rows per zero-padded stack in add_grouped_stats (~12 MB at D = 24)


def advantage_block(n_actions: int, d: int) -> slice:
    """Where the K - 1 advantages' coefficients sit in theta: the last (K - 1) d entries."""
    return slice(n_actions * d, (2 * n_actions - 1) * d)


@dataclass(frozen=True)
class LinearPrior:
    """Independent Gaussian prior on the (2K - 1) d coefficients of the design row."""

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


def linear_prior(priors: Mapping[str, Any], states: StateSpace, n_actions: int = 2) -> LinearPrior:
    """Either `mu0`/`sigma0_diag` (length (2K - 1) d) or per-block `baseline_*`/`advantage_*`
    (length d).

    Missing entries default to the MiWaves priors for the MiWaves state, else N(0, 1) and
    noise variance 1. The advantage prior applies to both blocks of every action but 0.
    """
    d, dim = states.feature_dim, (2 * n_actions - 1) * states.feature_dim
    miwaves = getattr(states, "kind", None) == "miwaves"
    if "mu0" in priors or "sigma0_diag" in priors:
        mean = prior_vector(priors.get("mu0", 0.0), dim, "mu0")
        var = prior_vector(priors.get("sigma0_diag", 1.0), dim, "sigma0_diag")
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
        blocks = 2 * (n_actions - 1)
        mean = np.concatenate([base_mean, *[adv_mean] * blocks])
        var = np.concatenate([base_var, *[adv_var] * blocks])
    noise_var = float(priors.get("noise_var", MIWAVES_NOISE_VAR if miwaves else 1.0))
    if np.any(var <= 0.0) or not noise_var > 0.0:
        raise ValueError("prior variances and noise_var must be positive")
    return LinearPrior(mean=mean, var=var, noise_var=noise_var)


@dataclass(frozen=True)
class BatchArrays:
    participant_ids: list[str]
    design: np.ndarray  # (n, (2K - 1) d) action-centred rows, see the module's docstring
    reward: np.ndarray  # (n,)


def design_matrix(features: np.ndarray, pi: np.ndarray, action: np.ndarray) -> np.ndarray:
    """Action-centred design; `pi` is (n,) P(action 1) for two actions, else (n, K - 1) the
    probabilities of actions 1..K-1. The last K - 1 blocks' coefficients are the advantages."""
    n, d = features.shape
    pi = pi.reshape(n, -1)
    m = pi.shape[1]  # K - 1
    # Filled in place: at a million rows the temporaries of hstack cost more than the maths.
    x = np.empty((n, (2 * m + 1) * d))
    x[:, :d] = features
    for k in range(m):
        np.multiply(features, pi[:, k, None], out=x[:, (1 + k) * d : (2 + k) * d])
        # For K = 2, (a == 1) - pi is a - pi, bit for bit.
        centred = (action == k + 1) - pi[:, k]
        np.multiply(features, centred[:, None], out=x[:, (1 + m + k) * d : (2 + m + k) * d])
    return x


def batch_arrays(
    batch: Sequence[Observation], states: StateSpace, n_actions: int = 2
) -> BatchArrays:
    """The design and rewards of a batch, refused outright if any number in it is unusable."""
    columns = observation_columns(batch, n_actions)
    if len(batch) == 0:
        width = (2 * n_actions - 1) * states.feature_dim
        return BatchArrays([], np.zeros((0, width)), columns.reward)
    features = states.feature_matrix(columns.state_matrix(states.state_dim))
    return BatchArrays(
        [o.participant_id for o in batch],
        design_matrix(features, columns.treatment_probabilities(), columns.action),
        columns.reward,
    )


def advantage_posterior(
    mean: np.ndarray, cov: np.ndarray, features: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean (K - 1,) and covariance (K - 1, K - 1) of the advantages f . theta_k, k = 1..K-1,
    from the mean and covariance of the advantage coefficients (the last (K - 1) d of theta)."""
    d = len(features)
    m = len(mean) // d
    mu = mean.reshape(m, d) @ features
    sigma = np.einsum("i,kilj,j->kl", features, cov.reshape(m, d, m, d), features)
    return mu, 0.5 * (sigma + sigma.T)


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
