"""Smooth allocation: turn the posterior of the advantages into action probabilities.

Two actions: p = E[l_min + (l_max - l_min) * expit(b * x - ln c)] with x ~ N(mu, var), then
clipped to [clip.low, clip.high]; p is P(action 1). Every stored binary decision used this.

K >= 3 actions, the same smooth allocation generalised: with x = (0, x_1, ..., x_{K-1}) and
(x_1, ..., x_{K-1}) ~ N(mu, Sigma) the posterior of the K - 1 advantages over action 0,
q_k = E[softmax_k(b * x - ln c * (0, 1, ..., 1))] (for K = 2 this is the expit above), then a
floor for every action: p_k = low + (1 - K * low) * q_k with low = clip.low. The floor form
fixes the ceiling at 1 - (K - 1) * low, so clip.high and l_min/l_max are refused for K >= 3.
The expectation is a quasi-Monte-Carlo average over a fixed point set (see _normal_points):
no random stream, so a decision replays exactly whatever numpy's generators do next, and the
probabilities are a smooth function of the posterior. With x = mu + S z, S the symmetric
square root of Sigma, and a point set closed under permuting coordinates, actions with the
same posterior get the same probability.
Everything here is deterministic so a decision can be replayed exactly.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numpy.polynomial import hermite_e

_GH_NODES, _GH_WEIGHTS = hermite_e.hermegauss(64)
_GH_WEIGHTS = _GH_WEIGHTS / math.sqrt(2.0 * math.pi)  # weights of E[f(Z)], Z ~ N(0, 1)
# 64-node Gauss-Hermite on expit(m + s*z) is good to ~1e-15 up to s = 1.5 but only to 1e-7 at
# s = 3 (measured against scipy quad): expit has poles at distance pi/s from the real axis.
# Past this slope we swap the roles of the two distributions instead (see expected_expit).
_MAX_GH_SLOPE = 1.5
# Grid for E[Phi((m - t) / s)], t ~ Logistic(0, 1): the trapezoid rule is spectrally accurate
# for this analytic integrand and the logistic tail beyond |t| = 40 is below 1e-17.
_T_STEP = 0.5
_T_GRID = np.arange(-40.0, 40.0 + _T_STEP / 2, _T_STEP)
_T_WEIGHTS = _T_STEP * np.exp(-np.abs(_T_GRID)) / (1.0 + np.exp(-np.abs(_T_GRID))) ** 2
_erfc = np.frompyfunc(math.erfc, 1, 1)


@dataclass(frozen=True)
class AllocationConfig:
    l_min: float = 0.2
    l_max: float = 0.8
    b: float = 10.0 / 0.95
    c: float = 5.0
    # No clipping unless the study asks for it, as rldomain.study assumes.
    clip_low: float = 0.0
    clip_high: float = 1.0
    n_actions: int = 2

    @classmethod
    def from_config(cls, config: Mapping[str, Any], n_actions: int = 2) -> AllocationConfig:
        alloc = config.get("allocation") or {}
        clip = config.get("clip") or {}
        out = cls(
            l_min=float(alloc.get("l_min", cls.l_min)),
            l_max=float(alloc.get("l_max", cls.l_max)),
            b=float(alloc.get("b", cls.b)),
            c=float(alloc.get("c", cls.c)),
            clip_low=float(clip.get("low", cls.clip_low)),
            clip_high=float(clip.get("high", cls.clip_high)),
            n_actions=n_actions,
        )
        if not 0.0 <= out.clip_low <= out.clip_high <= 1.0:
            raise ValueError(f"clip must satisfy 0 <= low <= high <= 1, got {clip}")
        if not 0.0 <= out.l_min <= out.l_max <= 1.0 or out.b <= 0.0 or out.c <= 0.0:
            raise ValueError(f"allocation needs 0 <= l_min <= l_max <= 1, b > 0, c > 0: {alloc}")
        if n_actions >= 3:
            _check_floor_form(alloc, out)
        return out


def _check_floor_form(alloc: Mapping[str, Any], cfg: AllocationConfig) -> None:
    """With K >= 3 actions the bounds are the floor clip.low and the ceiling it implies."""
    k = cfg.n_actions
    if k * cfg.clip_low > 1.0:
        raise ValueError(
            f"clip.low {cfg.clip_low} is impossible with {k} actions: "
            f"{k} actions at that floor need more than probability 1"
        )
    if cfg.clip_high < 1.0:
        ceiling = 1.0 - (k - 1) * cfg.clip_low
        raise ValueError(
            f"clip.high is for two actions only; with {k} actions every action gets at least "
            f"clip.low, which caps each at 1 - {k - 1} * clip.low = {ceiling:g}"
        )
    if "l_min" in alloc or "l_max" in alloc:
        raise ValueError(
            f"allocation.l_min/l_max are for two actions only; with {k} actions "
            "the floor of every action is clip.low"
        )


def _expit(t: np.ndarray) -> np.ndarray:
    return np.asarray(np.exp(-np.logaddexp(0.0, -t)), dtype=np.float64)


def expected_expit(m: float, s: float) -> float:
    """E[expit(m + s * Z)] for Z ~ N(0, 1) and s >= 0."""
    if s == 0.0:
        return float(_expit(np.array(m)))
    if s <= _MAX_GH_SLOPE:
        return float(_GH_WEIGHTS @ _expit(m + s * _GH_NODES))
    # P(T < m + sZ) = P(Z > (T - m)/s): swap which variable is integrated so the smooth one is.
    phi = 0.5 * np.asarray(_erfc((_T_GRID - m) / (s * math.sqrt(2.0))), dtype=np.float64)
    return float(_T_WEIGHTS @ phi)


def allocation_probability(mu: float, var: float, cfg: AllocationConfig) -> float:
    """Unclipped smooth allocation for advantage ~ N(mu, var)."""
    if not (math.isfinite(mu) and math.isfinite(var)) or var < 0.0:
        raise ValueError(f"advantage posterior must be finite with var >= 0: {mu}, {var}")
    q = expected_expit(cfg.b * mu - math.log(cfg.c), cfg.b * math.sqrt(var))
    return cfg.l_min + (cfg.l_max - cfg.l_min) * q


def clipped_probability(mu: float, var: float, cfg: AllocationConfig) -> float:
    p = allocation_probability(mu, var, cfg)
    return min(max(p, cfg.clip_low), cfg.clip_high)


# Quasi-Monte-Carlo points for the K >= 3 allocation (see _normal_points). Accuracy, measured
# against long Monte Carlo runs over posteriors from advantage variances of 1e-4 to very wide
# ones (tests/unit/algorithms/test_allocation_actions.py): every q_k within 1e-4 of the exact
# expectation up to the MiWaves scale (variances around 0.05) for K = 3, and at worst, for the
# widest posteriors where the softmax is nearly a step, 6e-4 for K = 3, 1.8e-3 for K = 4,
# 5.4e-3 for K = 5 and 6.6e-3 for K = 6 (fewer Halton points stand behind each orbit of
# permutations as K grows). The probability a decision uses is stored and replays exactly;
# this is only how closely it follows the formula above.
_QMC_BUDGET = 8192  # points, about: each costs K exponentials per decision
_QMC_MIN_BASE = 64  # Halton points at least, however many actions
# The point set grows as (K - 1)!, so past this it would cost a decision tens of milliseconds.
MAX_ALLOCATED_ACTIONS = 6
_INV_NORMAL = statistics.NormalDist().inv_cdf


def check_allocated_actions(n_actions: int) -> None:
    if n_actions > MAX_ALLOCATED_ACTIONS:
        raise ValueError(
            f"the smooth allocation takes at most {MAX_ALLOCATED_ACTIONS} actions, got {n_actions}"
        )


def _primes(count: int) -> list[int]:
    found: list[int] = []
    candidate = 2
    while len(found) < count:
        if all(candidate % p for p in found):
            found.append(candidate)
        candidate += 1
    return found


def _radical_inverse(index: int, base: int) -> float:
    """index's base-`base` digits mirrored behind the point, as the exact fraction num / den."""
    num, den = 0, 1
    while index:
        index, digit = divmod(index, base)
        num, den = num * base + digit, den * base
    return num / den  # int / int is correctly rounded


@cache
def _normal_points(dim: int) -> np.ndarray:
    """(dim, n) standard normal points for E[g(Z)], Z ~ N(0, I_dim); built once, read-only.

    The first Halton points (index 1 on, so no coordinate is 0 or 1; exact integer radical
    inverses mapped by the standard library's inverse normal CDF, never a numpy random stream,
    so the set is the same under any numpy version), each with every permutation of its
    coordinates and with its negation. Closed under permutations, the set treats no action
    differently from another: actions with the same posterior get the same probability (to
    rounding). Negation cancels the odd part of the error.
    """
    orderings = list(itertools.permutations(range(dim)))
    base = max(math.ceil(_QMC_BUDGET / (2 * len(orderings))), _QMC_MIN_BASE)
    halton = np.array(
        [[_INV_NORMAL(_radical_inverse(i, p)) for i in range(1, base + 1)] for p in _primes(dim)]
    )
    permuted = np.concatenate([halton[list(order)] for order in orderings], axis=1)
    points = np.concatenate([permuted, -permuted], axis=1)
    points.setflags(write=False)
    return points


def _symmetric_root(cov: np.ndarray) -> np.ndarray:
    """The symmetric square root of a covariance: unique (unlike eigenvectors' signs or a
    Cholesky of a singular matrix), so it is the same, to rounding, wherever it is computed,
    it permutes with the actions, and a zero variance (features all zero) is fine."""
    values, vectors = np.linalg.eigh(cov)
    return np.asarray((vectors * np.sqrt(np.maximum(values, 0.0))) @ vectors.T)


def action_probabilities(
    mu: np.ndarray, cov: np.ndarray, cfg: AllocationConfig
) -> tuple[float, ...]:
    """Probabilities of actions 0..K-1 (K = len(mu) + 1 >= 3) for advantages ~ N(mu, cov)."""
    k1 = len(mu)
    if k1 + 1 != cfg.n_actions or k1 < 2 or cov.shape != (k1, k1):
        raise ValueError(f"{cfg.n_actions} actions need {cfg.n_actions - 1} advantages, got {k1}")
    check_allocated_actions(cfg.n_actions)
    if not (np.all(np.isfinite(mu)) and np.all(np.isfinite(cov))):
        raise ValueError("advantage posterior must be finite")
    points = _normal_points(k1)
    # Logits, one row per action, columns the points: rows are contiguous for the reductions.
    logits = np.zeros((k1 + 1, points.shape[1]))
    logits[1:] = (cfg.b * _symmetric_root(0.5 * (cov + cov.T))) @ points
    logits[1:] += (cfg.b * mu - math.log(cfg.c))[:, None]
    logits -= logits.max(axis=0)
    np.exp(logits, out=logits)
    logits /= logits.sum(axis=0)
    q = logits.mean(axis=1)
    low = cfg.clip_low
    return tuple(float(v) for v in low + (1.0 - cfg.n_actions * low) * q)
