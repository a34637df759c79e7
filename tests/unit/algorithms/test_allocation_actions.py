"""The smooth allocation for K >= 3 actions: its accuracy and the properties a trial relies on."""

from __future__ import annotations

import itertools
import math
import statistics

import numpy as np
import pytest

from rldomain.algorithms.allocation import (
    AllocationConfig,
    _normal_points,
    action_probabilities,
    expected_expit,
)

B, C = 10.0 / 0.95, 5.0
# How far the quasi-Monte-Carlo average may be from the exact expectation, by K. Measured
# against long Monte Carlo runs (40 million draws for K = 3, 8 million for K = 4) over 14
# posteriors each, advantage covariances from 1e-4 to 5 times a random Wishart matrix: for
# K = 3, 1e-4 or less up to the MiWaves scale (variances around 0.05) and 5.7e-4 at worst, for
# the widest, where the softmax is nearly a step; for K = 4, 1.8e-3 at worst. Fewer Halton
# points stand behind each orbit of permutations as K grows.
QMC_ERROR = {3: 1e-3, 4: 3e-3}


def config(k: int, low: float = 0.0) -> AllocationConfig:
    return AllocationConfig(b=B, c=C, clip_low=low, n_actions=k)


def monte_carlo(
    mu: np.ndarray, cov: np.ndarray, n: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """E[softmax] and its standard error from n plain random draws."""
    rng = np.random.default_rng(seed)
    chol = np.linalg.cholesky(cov)
    total, squares, chunk = np.zeros(len(mu) + 1), np.zeros(len(mu) + 1), 1_000_000
    for _ in range(n // chunk):
        x = mu[:, None] + chol @ rng.standard_normal((len(mu), chunk))
        logits = np.vstack([np.zeros(chunk), B * x - math.log(C)])
        q = np.exp(logits - logits.max(axis=0))
        q /= q.sum(axis=0)
        total += q.sum(axis=1)
        squares += (q * q).sum(axis=1)
    mean = total / n
    return mean, np.sqrt((squares / n - mean**2) / n)


@pytest.mark.parametrize(
    ("mu", "cov"),
    [
        ([0.05, 0.2], [[0.05, 0.01], [0.01, 0.08]]),  # the MiWaves scale
        ([-0.3, 0.4], [[1.0, -0.6], [-0.6, 2.0]]),  # wide and correlated
        ([0.1, 0.0, 0.3], [[0.2, 0.05, 0.0], [0.05, 0.1, 0.02], [0.0, 0.02, 0.3]]),  # K = 4
    ],
)
def test_the_quadrature_is_within_its_measured_error_of_a_long_monte_carlo(
    mu: list[float], cov: list[list[float]]
) -> None:
    m, s = np.array(mu), np.array(cov)
    k = len(mu) + 1
    q = np.array(action_probabilities(m, s, config(k)))
    reference, standard_error = monte_carlo(m, s, 4_000_000, seed=41)
    # Five standard errors of the reference on top: a false alarm has odds of about 1e-6.
    assert np.all(np.abs(q - reference) <= QMC_ERROR[k] + 5 * standard_error)


@pytest.mark.parametrize("sd", [0.0, 0.05, 0.2, 1.0])
def test_with_a_hopeless_third_action_it_is_the_two_action_allocation(sd: float) -> None:
    """Softmax over (0, x_1, -inf) is expit(x_1): the binary formula, known to 1e-8."""
    for mu in (-0.3, 0.0, 0.15, 0.5):
        q = action_probabilities(np.array([mu, -1e3]), np.diag([sd**2, 0.0]), config(3))
        binary = expected_expit(B * mu - math.log(C), B * sd)
        assert q[1] == pytest.approx(binary, abs=QMC_ERROR[3])
        assert q[2] == 0.0


def posteriors(k: int, rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for scale in (0.0, 1e-3, 0.05, 1.0, 10.0):
        a = rng.normal(size=(k - 1, k - 1))
        out.append((rng.normal(0.0, 0.5, k - 1), scale * a @ a.T))
    out.append((np.full(k - 1, 1e6), np.eye(k - 1)))
    out.append((np.full(k - 1, -1e6), np.eye(k - 1)))
    return out


@pytest.mark.parametrize("k", [3, 4, 6])
@pytest.mark.parametrize("low", [0.0, 0.05, 0.1])
def test_probabilities_sum_to_one_and_respect_the_floor(k: int, low: float) -> None:
    for mu, cov in posteriors(k, np.random.default_rng(k)):
        p = action_probabilities(mu, cov, config(k, low))
        assert len(p) == k and math.fsum(p) == pytest.approx(1.0, abs=1e-12)
        assert min(p) >= low and max(p) <= 1.0 - (k - 1) * low + 1e-15


def test_a_clearly_better_action_gets_more_and_a_sure_one_the_ceiling() -> None:
    cov = np.diag([0.05, 0.05])
    p = action_probabilities(np.array([0.5, 0.0]), cov, config(3, 0.1))
    assert p[1] > p[0] and p[1] > p[2]
    p = action_probabilities(np.array([1e3, 0.0]), cov, config(3, 0.1))
    assert p == pytest.approx((0.1, 0.8, 0.1), abs=1e-12)
    p = action_probabilities(np.array([-1e3, -1e3]), cov, config(3, 0.1))
    assert p == pytest.approx((0.8, 0.1, 0.1), abs=1e-12)


@pytest.mark.parametrize("k", [3, 4, 5])
def test_permuting_the_actions_permutes_their_probabilities(k: int) -> None:
    """The point set is closed under permutations: no action is favoured by its number, and
    actions with the same posterior get the same probability."""
    rng = np.random.default_rng(40 + k)
    a = rng.normal(size=(k - 1, k - 1))
    mu, cov = rng.normal(0.0, 0.3, k - 1), 0.1 * a @ a.T
    p = action_probabilities(mu, cov, config(k, 0.05))
    for order in itertools.permutations(range(k - 1)):
        o = list(order)
        permuted = action_probabilities(mu[o], cov[np.ix_(o, o)], config(k, 0.05))
        np.testing.assert_allclose(permuted, [p[0], *(p[1 + i] for i in o)], rtol=0, atol=1e-15)
    same = np.full((k - 1, k - 1), 0.02) + np.eye(k - 1) * 0.05
    p = action_probabilities(np.full(k - 1, 0.1), same, config(k, 0.05))
    assert max(p[1:]) - min(p[1:]) <= 1e-15


def test_the_point_set_is_halton_through_the_standard_librarys_inverse_normal() -> None:
    """Written out, so that no numpy version can change a stored decision's probability."""
    inverse = statistics.NormalDist().inv_cdf
    points = _normal_points(2)
    first = [[0.5, 0.25, 0.75, 0.125], [1 / 3, 2 / 3, 1 / 9, 4 / 9]]  # bases 2 and 3
    assert points[:, :4].tolist() == [[inverse(u) for u in row] for row in first]
    half = points.shape[1] // 2
    assert np.array_equal(points[:, half:], -points[:, :half])  # antithetic
    assert np.array_equal(points[::-1, half // 2 : half], points[:, : half // 2])  # permuted
    assert not points.flags.writeable


def test_the_allocation_refuses_a_posterior_of_the_wrong_size_or_not_finite() -> None:
    with pytest.raises(ValueError, match="3 actions need 2 advantages"):
        action_probabilities(np.zeros(3), np.eye(3), config(3))
    with pytest.raises(ValueError, match="finite"):
        action_probabilities(np.array([0.0, np.nan]), np.eye(2), config(3))


@pytest.mark.parametrize(
    ("section", "match"),
    [
        ({"clip": {"low": 0.26}}, "impossible with 4 actions"),
        ({"clip": {"low": 0.1, "high": 0.9}}, "clip.high is for two actions only"),
        ({"allocation": {"l_max": 0.9}}, "for two actions only"),
    ],
)
def test_the_floor_form_refuses_bounds_it_cannot_keep(
    section: dict[str, object], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        AllocationConfig.from_config(section, 4)
    assert AllocationConfig.from_config({"clip": {"low": 0.25}}, 4).clip_low == 0.25
