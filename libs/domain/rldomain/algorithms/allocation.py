"""Smooth allocation: turn the posterior of the advantage into a treatment probability.

p = E[l_min + (l_max - l_min) * expit(b * x - ln c)] with x ~ N(mu, var), then clipped.
Everything here is deterministic so a decision can be replayed exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
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

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> AllocationConfig:
        alloc = config.get("allocation") or {}
        clip = config.get("clip") or {}
        out = cls(
            l_min=float(alloc.get("l_min", cls.l_min)),
            l_max=float(alloc.get("l_max", cls.l_max)),
            b=float(alloc.get("b", cls.b)),
            c=float(alloc.get("c", cls.c)),
            clip_low=float(clip.get("low", cls.clip_low)),
            clip_high=float(clip.get("high", cls.clip_high)),
        )
        if not 0.0 <= out.clip_low <= out.clip_high <= 1.0:
            raise ValueError(f"clip must satisfy 0 <= low <= high <= 1, got {clip}")
        if not 0.0 <= out.l_min <= out.l_max <= 1.0 or out.b <= 0.0 or out.c <= 0.0:
            raise ValueError(f"allocation needs 0 <= l_min <= l_max <= 1, b > 0, c > 0: {alloc}")
        return out


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
