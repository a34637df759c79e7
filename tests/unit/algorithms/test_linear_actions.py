"""blr_ts and rebandit with K = 3 actions: the posterior against the normal equations solved
directly, the probabilities built from it, and the configuration rules."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from rldomain.algorithms import Observation, get_algorithm
from rldomain.algorithms.allocation import action_probabilities
from rldomain.algorithms.rebandit import ReBandit
from tests.unit.algorithms.simulate import random_ids

K, D = 3, 2  # three actions; state [1, temperature]
DIM = (2 * K - 1) * D
MU0 = np.linspace(-0.5, 0.5, DIM)
SIGMA0 = np.linspace(0.2, 2.0, DIM)


def config(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "actions": K,
        "state": "context",
        "context_fields": ["temperature"],
        "clip": {"low": 0.1},
        "priors": {"mu0": MU0.tolist(), "sigma0_diag": SIGMA0.tolist(), "noise_var": 0.7},
        **extra,
    }


def make_batch(rng: np.random.Generator, n: int, ids: Sequence[str]) -> list[Observation]:
    out = []
    for _ in range(n):
        ps = tuple(float(v) for v in rng.dirichlet([3.0, 3.0, 3.0]))
        action = int(rng.choice(K, p=ps))
        temp = float(rng.normal(20, 5))
        reward = 1.0 + 0.05 * temp + (action == 1) * 0.3 - (action == 2) * 0.02 * temp
        reward += float(rng.normal())
        out.append(Observation(str(rng.choice(ids)), (1.0, temp), action, ps[1], reward, ps))
    return out


def design_row(o: Observation) -> np.ndarray:
    """[b, pi_1 b, pi_2 b, (1{a=1} - pi_1) b, (1{a=2} - pi_2) b], written out by hand."""
    b, (_, p1, p2) = np.array(o.state), o.probabilities
    return np.concatenate(
        [b, p1 * b, p2 * b, (float(o.action == 1) - p1) * b, (float(o.action == 2) - p2) * b]
    )


def test_blr_ts_posterior_equals_the_normal_equations_solved_directly() -> None:
    rng = np.random.default_rng(31)
    batch = make_batch(rng, 400, random_ids(rng, 4))
    algo = get_algorithm("blr_ts", config("blr_ts"))
    params = algo.update(algo.initial_params(), batch)
    x = np.array([design_row(o) for o in batch])
    y = np.array([o.reward for o in batch])
    precision = np.diag(1.0 / SIGMA0) + x.T @ x / 0.7
    mean = np.linalg.solve(precision, MU0 / SIGMA0 + x.T @ y / 0.7)
    cov = np.linalg.solve(precision, np.eye(DIM))
    np.testing.assert_allclose(params["mean"], mean, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(params["cov"], cov, rtol=1e-12, atol=1e-12)
    assert params["n"] == 400 and params["actions"] == K


def test_blr_ts_with_a_flat_prior_recovers_least_squares() -> None:
    rng = np.random.default_rng(32)
    batch = make_batch(rng, 500, random_ids(rng, 2))
    flat_prior = {"mu0": 0.0, "sigma0_diag": 1e12, "noise_var": 1.0}
    algo = get_algorithm("blr_ts", config("blr_ts", priors=flat_prior))
    params = algo.update(algo.initial_params(), batch)
    x = np.array([design_row(o) for o in batch])
    lstsq = np.linalg.lstsq(x, np.array([o.reward for o in batch]), rcond=None)[0]
    np.testing.assert_allclose(params["mean"], lstsq, rtol=1e-8, atol=1e-9)


def test_blr_ts_probabilities_allocate_on_the_advantages_posterior() -> None:
    rng = np.random.default_rng(33)
    algo = get_algorithm("blr_ts", config("blr_ts"))
    params = algo.update(algo.initial_params(), make_batch(rng, 200, ["a"]))
    f = np.array([1.0, 18.0])
    big_f = np.kron(np.eye(K - 1), f)  # row k picks action k+1's advantage f . theta
    adv = slice(K * D, DIM)
    mu = big_f @ params["mean"][adv]
    sigma = big_f @ params["cov"][adv, adv] @ big_f.T
    got = algo.probabilities(params, (1.0, 18.0), "anyone")
    np.testing.assert_allclose(got, action_probabilities(mu, sigma, algo.allocation), atol=1e-14)
    assert algo.probability(params, (1.0, 18.0), "anyone") == got[1]
    assert sum(got) == pytest.approx(1.0, abs=1e-12) and min(got) >= 0.1


def naive_joint(algo: ReBandit, batch: list[Observation], ids: list[str]) -> tuple[Any, Any]:
    """Condition the Gaussian over all participants' thetas at once, by solving."""
    n = len(ids)
    su = algo.sigma_u
    prior_cov = np.kron(np.ones((n, n)), np.diag(algo.prior.var)) + np.kron(np.eye(n), np.diag(su))
    h = np.zeros((len(batch), n * DIM))
    for row, o in enumerate(batch):
        j = ids.index(o.participant_id)
        h[row, j * DIM : (j + 1) * DIM] = design_row(o)
    y = np.array([o.reward for o in batch])
    s2 = algo.prior.noise_var
    precision = np.linalg.inv(prior_cov) + h.T @ h / s2
    rhs = np.linalg.solve(prior_cov, np.tile(algo.prior.mean, n)) + h.T @ y / s2
    return np.linalg.solve(precision, rhs), np.linalg.solve(precision, np.eye(n * DIM))


def test_rebandit_posterior_equals_the_joint_gaussian_for_every_participant() -> None:
    rng = np.random.default_rng(34)
    ids = random_ids(rng, 3)
    batch = make_batch(rng, 60, ids)
    sigma_u = np.linspace(0.05, 0.5, DIM)
    algo = get_algorithm("rebandit", config("rebandit", priors={"sigma_u": sigma_u.tolist()}))
    assert isinstance(algo, ReBandit)
    params = algo.update(algo.initial_params(), batch)
    unseen = "never-seen"
    mean, cov = naive_joint(algo, batch, [*ids, unseen])
    adv = slice(K * D, DIM)
    for j, pid in enumerate([*ids, unseen]):
        block = slice(j * DIM, (j + 1) * DIM)
        got_mean, got_cov = algo.participant_posterior(params, pid)
        np.testing.assert_allclose(got_mean, mean[block], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(got_cov, cov[block, block], rtol=1e-12, atol=1e-12)
        if pid != unseen:  # what probabilities() reads: the (K - 1) d advantage block
            i = list(params["participants"]).index(pid)
            assert params["adv_cov"][i].shape == ((K - 1) * D, (K - 1) * D)
            np.testing.assert_allclose(params["mean"][i], mean[block], rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(
                params["adv_cov"][i], cov[block, block][adv, adv], rtol=1e-12, atol=1e-12
            )
        f = np.array([1.0, 21.0])
        big_f = np.kron(np.eye(K - 1), f)
        expected = action_probabilities(
            big_f @ got_mean[adv], big_f @ got_cov[adv, adv] @ big_f.T, algo.allocation
        )
        got = algo.probabilities(params, (1.0, 21.0), pid)
        np.testing.assert_allclose(got, expected, atol=1e-12)


def test_rebandit_fits_hyperparameters_for_three_actions() -> None:
    rng = np.random.default_rng(35)
    ids = random_ids(rng, 20)
    algo = get_algorithm("rebandit", config("rebandit", hyperparameters={"min_observations": 50}))
    params = algo.update(algo.initial_params(), make_batch(rng, 400, ids))
    fitted = algo.update(params, [], fit_hyperparameters=True)
    assert fitted["hyper_status"].startswith("accepted"), fitted["hyper_status"]
    assert fitted["sigma_u"].shape == (DIM,) and fitted["noise_var"] == pytest.approx(1.0, rel=0.2)


@pytest.mark.parametrize("name", ["blr_ts", "rebandit"])
def test_updates_are_deterministic_split_invariant_and_leave_their_input(name: str) -> None:
    rng = np.random.default_rng(36)
    algo = get_algorithm(name, config(name))
    batch = make_batch(rng, 90, random_ids(rng, 5))
    once = algo.update(algo.initial_params(), batch)
    again = algo.update(algo.initial_params(), batch)
    frozen = copy.deepcopy(once)
    stepwise = algo.initial_params()
    for chunk in (batch[:7], [], batch[7:50], batch[50:]):
        stepwise = algo.update(stepwise, chunk)
    algo.update(once, make_batch(rng, 10, ["other"]))
    for key, value in frozen.items():
        assert np.array_equal(once[key], value), key
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            assert value.tobytes() == again[key].tobytes(), key
            np.testing.assert_allclose(stepwise[key], value, rtol=1e-9, atol=1e-12)


def test_advantage_priors_cover_both_blocks_of_every_action_but_zero() -> None:
    priors = {"baseline_mean": [1.0, 2.0], "advantage_mean": [0.3, 0.4], "advantage_var": 0.5}
    algo = get_algorithm("rebandit", config("rebandit", priors=priors))
    params = algo.initial_params()
    assert params["pop_mean"].tolist() == [1.0, 2.0] + [0.3, 0.4] * 4
    assert np.diag(params["pop_cov"]).tolist() == [1.0, 1.0] + [0.5] * 8
    assert params["sigma_u"].shape == (DIM,)


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        ({"priors": {"mu0": [0.0] * 6}}, "mu0 needs 10"),
        ({"clip": {"low": 0.4}}, "impossible with 3 actions"),
        ({"clip": {"low": 0.1, "high": 0.8}}, "clip.high is for two actions only"),
        ({"allocation": {"l_min": 0.1}}, "l_min/l_max are for two actions only"),
        ({"actions": 7}, "at most 6 actions"),
    ],
)
@pytest.mark.parametrize("name", ["blr_ts", "rebandit"])
def test_configurations_that_cannot_work_with_k_actions_are_refused(
    name: str, extra: dict[str, Any], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        get_algorithm(name, config(name, **extra))


class Squares:
    """A state space of the declared kind: one entry, features [1, s, s^2], no builder."""

    state_dim, feature_dim = 1, 3

    def features(self, state: Sequence[float]) -> np.ndarray:
        return np.asarray(self.feature_matrix([state])[0])

    def feature_matrix(self, states: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        s = np.asarray(states, dtype=np.float64).reshape(len(states), 1)
        return np.hstack([np.ones_like(s), s, s * s])


@pytest.mark.parametrize("name", ["flat", "blr_ts", "rebandit"])
def test_an_algorithm_takes_the_study_state_space(name: str) -> None:
    algo = get_algorithm(name, {"actions": 3}, states=Squares())
    params = algo.initial_params()
    batch = [Observation("p", (2.0,), 2, 0.3, 1.5, (0.3, 0.3, 0.4))]
    params = algo.update(params, batch)
    if name != "flat":
        assert params["xtx"].shape[-1] == 5 * 3  # (2K - 1) d with d = 3 features
        np.testing.assert_array_equal(np.diag(params["xtx"].reshape(-1, 15, 15)[0])[:3], [1, 4, 16])
    assert len(algo.probabilities(params, (2.0,), "p")) == 3
