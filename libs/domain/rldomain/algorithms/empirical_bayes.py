"""Empirical-Bayes fit of the noise variance and the diagonal of Sigma_u, with a safety gate.

EM on the exact marginal likelihood: each step is monotone, keeps variances positive and costs
O(N D^3) through the per-participant blocks. A fit only replaces the running hyperparameters
if it passes `rejection_reason`; otherwise the study keeps what it had.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .linear import LinearPrior
from .random_effects import Population, Stats, em_update, population


@dataclass(frozen=True)
class FitSettings:
    noise_var_bounds: tuple[float, float] = (1e-4, 1e4)
    sigma_u_bounds: tuple[float, float] = (1e-6, 1e2)
    max_iter: int = 25
    # Below this many rewards the evidence is too flat to move hyperparameters responsibly.
    min_observations: int = 100
    tol: float = 1e-7  # stop once an EM step gains less than tol * (1 + |log-likelihood|)

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> FitSettings:
        nv = tuple(float(v) for v in section.get("noise_var_bounds", cls.noise_var_bounds))
        su = tuple(float(v) for v in section.get("sigma_u_bounds", cls.sigma_u_bounds))
        if len(nv) != 2 or len(su) != 2 or not (0.0 < nv[0] < nv[1] and 0.0 < su[0] < su[1]):
            raise ValueError(f"hyperparameter bounds must be 0 < low < high: {section}")
        return cls(
            noise_var_bounds=(nv[0], nv[1]),
            sigma_u_bounds=(su[0], su[1]),
            max_iter=int(section.get("max_iter", cls.max_iter)),
            min_observations=int(section.get("min_observations", cls.min_observations)),
            tol=float(section.get("tol", cls.tol)),
        )


def rejection_reason(
    noise_var: float,
    sigma_u: np.ndarray,
    log_lik: float,
    previous_log_lik: float,
    settings: FitSettings,
) -> str | None:
    """Why a candidate must not be used, or None if it is acceptable."""
    if not (math.isfinite(noise_var) and math.isfinite(log_lik) and np.all(np.isfinite(sigma_u))):
        return "non-finite candidate"
    if noise_var <= 0.0 or np.any(sigma_u <= 0.0):
        return "candidate covariance is not positive definite"
    lo, hi = settings.noise_var_bounds
    if not lo <= noise_var <= hi:
        return f"noise_var {noise_var:.6g} outside bounds [{lo:g}, {hi:g}]"
    lo, hi = settings.sigma_u_bounds
    if np.any(sigma_u < lo) or np.any(sigma_u > hi):
        return f"sigma_u in [{sigma_u.min():.6g}, {sigma_u.max():.6g}] outside [{lo:g}, {hi:g}]"
    if log_lik < previous_log_lik - 1e-9 * (1.0 + abs(previous_log_lik)):
        return f"log-likelihood fell from {previous_log_lik:.6f} to {log_lik:.6f}"
    return None


@dataclass(frozen=True)
class FitResult:
    noise_var: float
    sigma_u: np.ndarray
    pop: Population  # posterior under the hyperparameters kept
    status: str
    iterations: int


def fit(
    stats: Stats,
    prior: LinearPrior,
    noise_var: float,
    sigma_u: np.ndarray,
    settings: FitSettings,
) -> FitResult:
    start = population(stats, prior, noise_var, sigma_u)
    n_obs = int(stats.n.sum())
    if n_obs < settings.min_observations:
        status = f"not fitted: {n_obs} observations, fewer than {settings.min_observations}"
        return FitResult(noise_var, sigma_u, start, status, 0)
    s2, su, pop, iterations = noise_var, sigma_u, start, 0
    try:
        for step in range(1, settings.max_iter + 1):
            iterations = step
            s2, su = em_update(stats, pop, s2, su, settings.sigma_u_bounds[0])
            previous = pop.log_likelihood
            pop = population(stats, prior, s2, su, reuse=pop)  # start's buffers are gone now
            if not math.isfinite(pop.log_likelihood):
                break
            if pop.log_likelihood - previous < settings.tol * (1.0 + abs(previous)):
                break
        reason = rejection_reason(s2, su, pop.log_likelihood, start.log_likelihood, settings)
    except (np.linalg.LinAlgError, ZeroDivisionError, FloatingPointError) as exc:
        reason = f"numerical failure: {exc}"
    if reason is not None:
        kept = population(stats, prior, noise_var, sigma_u)
        return FitResult(
            noise_var, sigma_u, kept, f"rejected ({reason}); kept previous", iterations
        )
    status = (
        f"accepted: noise_var {noise_var:.6g} -> {s2:.6g}, log-likelihood "
        f"{start.log_likelihood:.6f} -> {pop.log_likelihood:.6f} in {iterations} EM steps"
    )
    return FitResult(s2, su, pop, status, iterations)
