from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

from rldomain.algorithms import Observation, get_algorithm
from rldomain.algorithms.allocation import clipped_probability
from rldomain.algorithms.linear import add_grouped_stats
from tests.unit.algorithms.simulate import random_ids

D = 2  # context state [1, temperature]
CONFIG: dict[str, Any] = {
    "name": "blr_ts",
    "state": "context",
    "context_fields": ["temperature"],
    "priors": {
        "mu0": [0.5, -0.1, 0.2, 0.0, 0.1, 0.05],
        "sigma0_diag": [1, 2, 0.5, 0.3, 0.2, 0.1],
        "noise_var": 0.7,
    },
}


def make_batch(rng: np.random.Generator, n: int) -> list[Observation]:
    ids = random_ids(rng, 5)
    out = []
    for _ in range(n):
        pi = float(rng.uniform(0.2, 0.8))
        action = int(rng.random() < pi)
        temp = float(rng.normal(20, 5))
        reward = 1.0 + 0.05 * temp + action * (0.3 - 0.02 * temp) + float(rng.normal())
        out.append(Observation(str(rng.choice(ids)), (1.0, temp), action, pi, reward))
    return out


def direct_posterior(batch: list[Observation]) -> tuple[np.ndarray, np.ndarray]:
    """Normal equations from scratch, written independently of the library."""
    rows = []
    for o in batch:
        s = np.array(o.state)
        rows.append(np.concatenate([s, o.probability * s, (o.action - o.probability) * s]))
    x, y = np.array(rows), np.array([o.reward for o in batch])
    prior_prec = np.diag(1.0 / np.array(CONFIG["priors"]["sigma0_diag"], float))
    precision = prior_prec + x.T @ x / 0.7
    rhs = prior_prec @ np.array(CONFIG["priors"]["mu0"]) + x.T @ y / 0.7
    return np.linalg.solve(precision, rhs), np.linalg.inv(precision)


def test_posterior_equals_the_normal_equations_on_the_full_data() -> None:
    batch = make_batch(np.random.default_rng(1), 300)
    algo = get_algorithm("blr_ts", CONFIG)
    params = algo.update(algo.initial_params(), batch)
    mean, cov = direct_posterior(batch)
    np.testing.assert_allclose(params["mean"], mean, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(params["cov"], cov, rtol=1e-10, atol=1e-14)
    assert params["n"] == 300


def test_several_small_updates_equal_one_big_update() -> None:
    batch = make_batch(np.random.default_rng(2), 250)
    algo = get_algorithm("blr_ts", CONFIG)
    once = algo.update(algo.initial_params(), batch)
    stepwise = algo.initial_params()
    for chunk in (batch[:1], batch[1:90], [], batch[90:]):
        stepwise = algo.update(stepwise, chunk)
    for key in ("xtx", "xty", "mean", "cov"):
        np.testing.assert_allclose(stepwise[key], once[key], rtol=1e-11, atol=1e-13)
    assert stepwise["n"] == once["n"] and stepwise["yty"] == pytest.approx(once["yty"])


def test_update_never_mutates_its_input() -> None:
    algo = get_algorithm("blr_ts", CONFIG)
    params = algo.update(algo.initial_params(), make_batch(np.random.default_rng(3), 20))
    frozen = copy.deepcopy(params)
    algo.update(params, make_batch(np.random.default_rng(4), 20))
    assert params.keys() == frozen.keys()
    for key, value in frozen.items():
        assert np.array_equal(params[key], value)


def test_probability_applies_the_allocation_to_the_advantage_block() -> None:
    algo = get_algorithm("blr_ts", CONFIG)
    params = algo.update(algo.initial_params(), make_batch(np.random.default_rng(5), 100))
    s = np.array([1.0, 18.0])
    adv = slice(2 * D, 3 * D)
    mu, var = params["mean"][adv] @ s, s @ params["cov"][adv, adv] @ s
    expected = clipped_probability(float(mu), float(var), algo.allocation)
    assert algo.probability(params, (1.0, 18.0), "anyone") == expected
    assert 0.2 <= expected <= 0.8


def test_miwaves_priors_are_the_default_for_the_miwaves_state() -> None:
    algo = get_algorithm("blr_ts", {"state": "miwaves"})
    params = algo.initial_params()
    assert params["mean"][0] == pytest.approx(2.12) and params["cov"][3, 3] == pytest.approx(0.9604)
    assert params["cov"][8, 8] == pytest.approx(0.0729) == params["cov"][16, 16]
    assert params["noise_var"] == 0.85


def test_update_refuses_an_action_other_than_zero_or_one() -> None:
    algo = get_algorithm("blr_ts", CONFIG)
    with pytest.raises(ValueError, match="actions"):
        algo.update(algo.initial_params(), [Observation("p", (1.0, 2.0), 2, 0.5, 1.0)])


def test_grouped_statistics_match_a_plain_scatter_add_for_uneven_groups() -> None:
    rng = np.random.default_rng(6)
    sizes = [1, 3, 17, 1000, 2, 64, 65]
    group = rng.permutation(np.repeat(np.arange(len(sizes)), sizes))
    x, y = rng.normal(size=(len(group), 4)), rng.normal(size=len(group))
    where = np.array([9, 0, 4, 2, 7, 5, 1])  # target rows, deliberately out of order
    target = (np.ones((10, 4, 4)), np.ones((10, 4)), np.ones(10), np.ones(10, np.int64))
    add_grouped_stats(target, where, group, x, y)
    xtx, xty = np.ones((10, 4, 4)), np.ones((10, 4))
    np.add.at(xtx, where[group], np.einsum("ni,nj->nij", x, x))
    np.add.at(xty, where[group], x * y[:, None])
    np.testing.assert_allclose(target[0], xtx, rtol=1e-12)
    np.testing.assert_allclose(target[1], xty, rtol=1e-12)
    np.testing.assert_allclose(target[2], 1 + np.bincount(where[group], y * y, minlength=10))
    assert target[3].tolist() == (1 + np.bincount(where[group], minlength=10)).tolist()
