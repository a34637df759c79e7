"""reBandit (MiWaves): random-effects Bayesian linear regression with smooth allocation.

theta_i = theta_pop + u_i with u_i ~ N(0, Sigma_u), Sigma_u diagonal (also when fitted); theta
holds the (2K - 1) d coefficients of the action-centred design (linear.py). Each participant's
posterior covariance is kept for the advantages' block only, (K - 1) d wide.
Params keep per-participant sufficient statistics, so an update costs O(batch * D^2) to absorb
the data plus O(N * D^3) to recompute every participant's posterior.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .allocation import action_probabilities, check_allocated_actions, clipped_probability
from .base import Algorithm, Observation, Params, StateSpace
from .empirical_bayes import FitSettings, fit
from .linear import (
    add_grouped_stats,
    advantage_block,
    advantage_posterior,
    batch_arrays,
    linear_prior,
    prior_vector,
)
from .random_effects import Population, Stats, participant_moments, participant_posterior
from .random_effects import population as population_posterior

_STAT_KEYS = ("xtx", "xty", "yty", "n")


class ReBandit(Algorithm):
    name = "rebandit"

    def __init__(self, config: Mapping[str, Any], states: StateSpace | None = None) -> None:
        super().__init__(config, states)
        check_allocated_actions(self.n_actions)
        priors = config.get("priors") or {}
        self.prior = linear_prior(priors, self.states, self.n_actions)
        dim = (2 * self.n_actions - 1) * self.states.feature_dim
        self.sigma_u = prior_vector(priors.get("sigma_u", 0.01), dim, "sigma_u")
        if not np.all(self.sigma_u > 0.0):
            raise ValueError("sigma_u must be positive")
        self.fit_settings = FitSettings.from_config(config.get("hyperparameters") or {})
        self._adv = advantage_block(self.n_actions, self.states.feature_dim)

    def initial_params(self) -> Params:
        dim = (2 * self.n_actions - 1) * self.states.feature_dim
        stats = Stats(
            np.zeros((0, dim, dim)), np.zeros((0, dim)), np.zeros(0), np.zeros(0, np.int64)
        )
        pop = population_posterior(stats, self.prior, self.prior.noise_var, self.sigma_u)
        # Binary params keep their layout (stored policies replay); others say their K.
        actions = {} if self.n_actions == 2 else {"actions": self.n_actions}
        base: Params = {
            "algorithm": self.name,
            "version": 1,
            **actions,
            "participants": np.array([], str),
        }
        return self._assemble(
            base, stats, self.prior.noise_var, self.sigma_u.copy(), pop, "not fitted yet"
        )

    def _advantage_coefficients(
        self, params: Params, participant_id: str
    ) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and covariance of the participant's advantage coefficients."""
        adv = self._adv
        i = _index(params["participants"], participant_id)
        if i is None:  # never updated on: population posterior widened by Sigma_u
            cov = params["pop_cov"][adv, adv] + np.diag(params["sigma_u"][adv])
            return params["pop_mean"][adv], cov
        return params["mean"][i, adv], params["adv_cov"][i]

    def _binary_probability(
        self, params: Params, state: Sequence[float], participant_id: str
    ) -> float:
        self.check(params)
        f = self.states.features(state)
        mean, adv_cov = self._advantage_coefficients(params, participant_id)
        mu = float(mean @ f)
        return clipped_probability(mu, max(float(f @ adv_cov @ f), 0.0), self.allocation)

    def _action_probabilities(
        self, params: Params, state: Sequence[float], participant_id: str
    ) -> tuple[float, ...]:
        self.check(params)
        mean, adv_cov = self._advantage_coefficients(params, participant_id)
        mu, sigma = advantage_posterior(mean, adv_cov, self.states.features(state))
        return action_probabilities(mu, sigma, self.allocation)

    def participant_posterior(
        self, params: Params, participant_id: str
    ) -> tuple[np.ndarray, np.ndarray]:
        """Full posterior (mean, covariance) of one participant's coefficients."""
        self.check(params)
        su, pop_mean, pop_cov = params["sigma_u"], params["pop_mean"], params["pop_cov"]
        i = _index(params["participants"], participant_id)
        if i is None:
            return pop_mean.copy(), pop_cov + np.diag(su)
        return participant_posterior(
            params["xtx"][i], params["xty"][i], pop_mean, pop_cov, float(params["noise_var"]), su
        )

    def update(
        self, params: Params, batch: Sequence[Observation], *, fit_hyperparameters: bool = False
    ) -> Params:
        self.check(params)
        data = batch_arrays(batch, self.states, self.n_actions)
        old_ids = params["participants"]
        new_ids = np.asarray(data.participant_ids, dtype=str)
        uniq, group = np.unique(new_ids, return_inverse=True)
        ids = np.union1d(old_ids, uniq) if len(uniq) else old_ids.copy()
        # Fresh arrays (copy, or zeros then scatter): the caller's params are never written to.
        same = len(ids) == len(old_ids)
        old_pos = np.searchsorted(ids, old_ids)
        grown = []
        for key in _STAT_KEYS:
            old = params[key]
            if same:
                arr = old.copy()
            else:
                arr = np.zeros((len(ids), *old.shape[1:]), old.dtype)
                arr[old_pos] = old
            grown.append(arr)
        stats = Stats(*grown)
        where = np.searchsorted(ids, uniq)
        add_grouped_stats(
            (stats.xtx, stats.xty, stats.yty, stats.n),
            where,
            group.ravel(),
            data.design,
            data.reward,
        )
        s2, su = float(params["noise_var"]), np.array(params["sigma_u"], dtype=np.float64)
        status = str(params["hyper_status"])
        if fit_hyperparameters:
            result = fit(stats, self.prior, s2, su, self.fit_settings)
            s2, su, pop, status = result.noise_var, result.sigma_u, result.pop, result.status
        else:
            pop = population_posterior(stats, self.prior, s2, su)
        return self._assemble({**params, "participants": ids}, stats, s2, su, pop, status)

    def _assemble(
        self, base: Params, stats: Stats, s2: float, su: np.ndarray, pop: Population, status: str
    ) -> Params:
        means, adv_cov = participant_moments(pop, su, self._adv)
        return {
            **base,
            "noise_var": s2,
            "sigma_u": su,
            "hyper_status": status,
            "log_likelihood": pop.log_likelihood,
            **dict(zip(_STAT_KEYS, (stats.xtx, stats.xty, stats.yty, stats.n), strict=True)),
            "pop_mean": pop.mean,
            "pop_cov": pop.cov,
            "mean": means,
            "adv_cov": adv_cov,
        }


def _index(ids: np.ndarray, participant_id: str) -> int | None:
    i = int(np.searchsorted(ids, participant_id))
    return i if i < len(ids) and ids[i] == participant_id else None
