"""Pooled Bayesian linear regression with action centring (Oralytics-style Thompson sampling).

Reward model: y = [b, pi*b, (a - pi)*b] . theta + noise, noise ~ N(0, noise_var) known; with
K >= 3 actions the row has a pi_k*b and a (1{a=k} - pi_k)*b block per action k (see linear.py).
The posterior is kept in closed form from sufficient statistics, so an update costs
O(batch * D^2 + D^3) however long the study has run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .allocation import action_probabilities, check_allocated_actions, clipped_probability
from .base import Algorithm, Observation, Params, StateSpace
from .linear import (
    LinearPrior,
    advantage_block,
    advantage_posterior,
    batch_arrays,
    linear_prior,
)


def gaussian_posterior(
    prior: LinearPrior, xtx: np.ndarray, xty: np.ndarray, noise_var: float
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior (mean, covariance) of theta given X^T X and X^T y."""
    precision = np.diag(1.0 / prior.var) + xtx / noise_var
    # Cholesky both checks positive definiteness and gives a stable inverse.
    chol_inv = np.linalg.inv(np.linalg.cholesky(precision))
    cov = chol_inv.T @ chol_inv
    mean = cov @ (prior.mean / prior.var + xty / noise_var)
    return mean, cov


def advantage_moments(
    mean: np.ndarray, cov: np.ndarray, features: np.ndarray
) -> tuple[float, float]:
    """Mean and variance of the advantage f . theta_adv (the last block of theta)."""
    d = features.shape[0]
    adv = slice(2 * d, 3 * d)
    mu = float(mean[adv] @ features)
    var = float(features @ cov[adv, adv] @ features)
    return mu, max(var, 0.0)  # rounding can make a tiny variance negative


class BlrTs(Algorithm):
    name = "blr_ts"

    def __init__(self, config: Mapping[str, Any], states: StateSpace | None = None) -> None:
        super().__init__(config, states)
        check_allocated_actions(self.n_actions)
        self.prior = linear_prior(config.get("priors") or {}, self.states, self.n_actions)
        self._adv = advantage_block(self.n_actions, self.states.feature_dim)

    def initial_params(self) -> Params:
        dim = (2 * self.n_actions - 1) * self.states.feature_dim
        xtx, xty = np.zeros((dim, dim)), np.zeros(dim)
        mean, cov = gaussian_posterior(self.prior, xtx, xty, self.prior.noise_var)
        # Binary params keep their layout (stored policies replay); others say their K.
        actions = {} if self.n_actions == 2 else {"actions": self.n_actions}
        return {
            "algorithm": self.name,
            "version": 1,
            **actions,
            "noise_var": self.prior.noise_var,
            "n": 0,
            "xtx": xtx,
            "xty": xty,
            "yty": 0.0,
            "mean": mean,
            "cov": cov,
        }

    def _binary_probability(
        self, params: Params, state: Sequence[float], participant_id: str
    ) -> float:
        self.check(params)
        mu, var = advantage_moments(params["mean"], params["cov"], self.states.features(state))
        return clipped_probability(mu, var, self.allocation)

    def _action_probabilities(
        self, params: Params, state: Sequence[float], participant_id: str
    ) -> tuple[float, ...]:
        self.check(params)
        adv = self._adv
        f = self.states.features(state)
        mu, sigma = advantage_posterior(params["mean"][adv], params["cov"][adv, adv], f)
        return action_probabilities(mu, sigma, self.allocation)

    def update(
        self, params: Params, batch: Sequence[Observation], *, fit_hyperparameters: bool = False
    ) -> Params:
        self.check(params)
        data = batch_arrays(batch, self.states, self.n_actions)
        x, y = data.design, data.reward
        # New arrays throughout: the caller's params must stay untouched.
        xtx = params["xtx"] + x.T @ x
        xty = params["xty"] + x.T @ y
        noise_var = float(params["noise_var"])
        mean, cov = gaussian_posterior(self.prior, xtx, xty, noise_var)
        return {
            **params,
            "n": int(params["n"]) + len(y),
            "xtx": xtx,
            "xty": xty,
            "yty": float(params["yty"]) + float(y @ y),
            "mean": mean,
            "cov": cov,
        }
