"""Posterior and marginal likelihood of the random-effects linear model, from sufficient stats.

theta_i = theta_pop + u_i, u_i ~ N(0, diag(su)), theta_pop ~ N(m0, diag(v0)),
y_ij = x_ij . theta_i + e, e ~ N(0, s2). With A_i = X_i'X_i / s2, b_i = X_i'y_i / s2, P = diag(1/su)
and M_i = P + A_i, Woodbury and the determinant lemma reduce everything to per-participant
D x D blocks: the (N*D)^2 joint covariance is never formed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .linear import LinearPrior

_CHUNK = 4096  # participants per block: bounds temporaries to ~20 MB per array at D = 24


@dataclass(frozen=True)
class Stats:
    xtx: np.ndarray  # (N, D, D)
    xty: np.ndarray  # (N, D)
    yty: np.ndarray  # (N,)
    n: np.ndarray  # (N,)


@dataclass(frozen=True)
class Population:
    mean: np.ndarray  # posterior of theta_pop
    cov: np.ndarray
    log_likelihood: float  # log p(all rewards | hyperparameters)
    minv: np.ndarray  # (N, D, D) M_i^{-1}
    mb: np.ndarray  # (N, D) M_i^{-1} b_i


def _chunks(total: int) -> list[slice]:
    return [slice(i, min(i + _CHUNK, total)) for i in range(0, total, _CHUNK)]


def _chol_inverse(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inverse and log-determinant of (a stack of) SPD matrices; raises LinAlgError if not PD."""
    chol = np.linalg.cholesky(matrix)
    logdet = 2.0 * np.log(np.diagonal(chol, axis1=-2, axis2=-1)).sum(axis=-1)
    inv = np.linalg.inv(matrix)
    return 0.5 * (inv + np.swapaxes(inv, -1, -2)), logdet


def population(
    stats: Stats, prior: LinearPrior, s2: float, su: np.ndarray, reuse: Population | None = None
) -> Population:
    """Posterior of theta_pop (participants' effects integrated out) and the log evidence.

    `reuse` hands over a Population that is no longer needed: its (N, D, D) buffer is
    overwritten, which spares EM a fresh allocation (and its page faults) every iteration.
    """
    n_part, dim = stats.xty.shape
    p = 1.0 / su
    if reuse is not None and reuse.minv.shape == stats.xtx.shape:
        minv, mb = reuse.minv, reuse.mb
    else:
        minv, mb = np.empty_like(stats.xtx), np.empty_like(stats.xty)
    sum_minv, logdet_m, quad = np.zeros((dim, dim)), 0.0, 0.0
    for sl in _chunks(n_part):
        m = stats.xtx[sl] / s2
        m[:, np.arange(dim), np.arange(dim)] += p
        minv[sl], logdet = _chol_inverse(m)
        b = stats.xty[sl] / s2
        mb[sl] = np.einsum("nij,nj->ni", minv[sl], b)
        sum_minv += minv[sl].sum(axis=0)
        logdet_m += float(logdet.sum())
        quad += float(np.einsum("ni,ni->", b, mb[sl]))
    # X'V^{-1}X = P - P M^{-1} P and X'V^{-1}y = P M^{-1} b, summed over participants.
    precision = np.diag(1.0 / prior.var + n_part * p) - p[:, None] * sum_minv * p[None, :]
    h = prior.mean / prior.var + p * mb.sum(axis=0)
    cov, logdet_pop = _chol_inverse(precision)
    mean = cov @ h
    n_tot = float(stats.n.sum())
    log_lik = -0.5 * (
        n_tot * math.log(2.0 * math.pi * s2)
        + n_part * float(np.log(su).sum())
        + logdet_m
        + float(np.log(prior.var).sum())
        + float(logdet_pop)
        + float(stats.yty.sum()) / s2
        - quad
        + float(prior.mean @ (prior.mean / prior.var))
        - float(h @ mean)
    )
    return Population(mean, cov, log_lik, minv, mb)


def participant_moments(
    pop: Population, su: np.ndarray, block: slice
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior means (N, D) of theta_i and covariances of one coefficient block (N, k, k)."""
    p = 1.0 / su
    means = np.einsum("nij,j->ni", pop.minv, p * pop.mean) + pop.mb
    n_part, dim = means.shape
    k = len(range(dim)[block])
    covs = np.empty((n_part, k, k))
    for sl in _chunks(n_part):
        w = pop.minv[sl] * p  # M^{-1} P
        ws = (w.reshape(-1, dim) @ pop.cov).reshape(w.shape)  # Cov(theta_i, theta_pop)
        # Cov(theta_i) = M^{-1} + M^{-1} P Cov(theta_pop) P M^{-1}, restricted to the block.
        covs[sl] = pop.minv[sl][:, block, block] + ws[:, block, :] @ np.swapaxes(
            w[:, block, :], 1, 2
        )
    return means, covs


def em_update(
    stats: Stats, pop: Population, s2: float, su: np.ndarray, su_floor: float
) -> tuple[float, np.ndarray]:
    """One EM step for (noise variance, diagonal of Sigma_u); never decreases the evidence."""
    p = 1.0 / su
    n_part, dim = stats.xty.shape
    sum_u2, sum_resid = np.zeros(dim), 0.0
    for sl in _chunks(n_part):
        minv, xtx, xty = pop.minv[sl], stats.xtx[sl], stats.xty[sl]
        mean = np.einsum("nij,j->ni", minv, p * pop.mean) + pop.mb[sl]
        w = minv * p
        ws = (w.reshape(-1, dim) @ pop.cov).reshape(w.shape)
        var_theta = np.einsum("nii->ni", minv) + np.einsum("nij,nij->ni", ws, w)
        var_u = var_theta + np.diag(pop.cov) - 2.0 * np.einsum("nii->ni", ws)
        sum_u2 += (var_u + (mean - pop.mean) ** 2).sum(axis=0)
        # E||y_i - X_i theta_i||^2 = y'y - 2 m'X'y + m'X'X m + tr(X'X Cov(theta_i)).
        trace = np.einsum("nij,nij->n", xtx, minv) + np.einsum("njk,njk->n", xtx @ w, ws)
        sum_resid += float(
            stats.yty[sl].sum()
            - 2.0 * np.einsum("ni,ni->", xty, mean)
            + np.einsum("ni,nij,nj->", mean, xtx, mean)
            + trace.sum()
        )
    # Flooring a variance is the constrained M-step, so EM stays monotone; it stops components
    # the data cannot identify from collapsing to zero and making P infinite.
    return sum_resid / float(stats.n.sum()), np.maximum(sum_u2 / n_part, su_floor)


def participant_posterior(
    xtx: np.ndarray,
    xty: np.ndarray,
    pop_mean: np.ndarray,
    pop_cov: np.ndarray,
    s2: float,
    su: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Full posterior (mean, cov) of one participant's theta_i given the population posterior."""
    p = 1.0 / su
    minv, _ = _chol_inverse(np.diag(p) + xtx / s2)
    w = minv * p
    return minv @ (p * pop_mean + xty / s2), minv + w @ pop_cov @ w.T
