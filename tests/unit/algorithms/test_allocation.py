from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import integrate, special

from rldomain.algorithms.allocation import (
    AllocationConfig,
    allocation_probability,
    clipped_probability,
)

CFG = AllocationConfig()  # MiWaves: l_min 0.2, l_max 0.8, B = 10/0.95, C = 5; no clip


def quad_reference(mu: float, var: float, cfg: AllocationConfig) -> float:
    sd = math.sqrt(var)

    def integrand(z: float) -> float:
        x = mu + sd * z
        value = cfg.l_min + (cfg.l_max - cfg.l_min) * special.expit(cfg.b * x - math.log(cfg.c))
        return float(value * math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi))

    # Split at the logistic's midpoint so quad sees each smooth half separately.
    centre = (math.log(cfg.c) / cfg.b - mu) / sd
    edges = sorted({-math.inf, min(centre, 0.0), max(centre, 0.0), math.inf})
    return math.fsum(
        integrate.quad(integrand, lo, hi, epsabs=1e-14, epsrel=1e-13, limit=500)[0]
        for lo, hi in itertools.pairwise(edges)
    )


@pytest.mark.parametrize("var", [1e-6, 1e-3, 0.01, 0.02, 0.05, 0.0729, 0.3, 1.0, 25.0])
def test_allocation_matches_scipy_quad_to_1e8(var: float) -> None:
    for mu in np.linspace(-2.0, 2.0, 17):
        expected = quad_reference(float(mu), var, CFG)
        assert allocation_probability(float(mu), var, CFG) == pytest.approx(expected, abs=1e-8)


def test_zero_variance_is_a_point_mass() -> None:
    for mu in (-1.0, 0.0, 0.15, 0.3, 2.0):
        expected = 0.2 + 0.6 * special.expit(CFG.b * mu - math.log(CFG.c))
        assert allocation_probability(mu, 0.0, CFG) == pytest.approx(expected, abs=1e-15)


def test_allocation_is_continuous_where_the_quadrature_switches_method() -> None:
    switch_var = (1.5 / CFG.b) ** 2
    below = allocation_probability(0.1, switch_var * (1 - 1e-9), CFG)
    above = allocation_probability(0.1, switch_var * (1 + 1e-9), CFG)
    assert abs(below - above) < 1e-10


@pytest.mark.parametrize("var", [0.0, 0.01, 10.0])
def test_clipping_holds_for_extreme_advantages(var: float) -> None:
    cfg = AllocationConfig(l_min=0.0, l_max=1.0, clip_low=0.1, clip_high=0.9)
    assert clipped_probability(1e6, var, cfg) == 0.9
    assert clipped_probability(-1e6, var, cfg) == 0.1
    assert 0.1 <= clipped_probability(0.0, var, cfg) <= 0.9


def test_allocation_rejects_a_negative_variance() -> None:
    with pytest.raises(ValueError, match="var"):
        allocation_probability(0.0, -1.0, CFG)


def test_config_reads_the_study_section_and_defaults_to_no_clipping() -> None:
    cfg = AllocationConfig.from_config({"clip": {"low": 0.1, "high": 0.7}, "allocation": {"c": 3}})
    assert (cfg.clip_low, cfg.clip_high, cfg.c, cfg.l_max) == (0.1, 0.7, 3.0, 0.8)
    assert (AllocationConfig.from_config({}).clip_low, AllocationConfig().clip_high) == (0.0, 1.0)


def test_config_rejects_clip_bounds_in_the_wrong_order() -> None:
    with pytest.raises(ValueError, match="clip"):
        AllocationConfig.from_config({"clip": {"low": 0.9, "high": 0.1}})
