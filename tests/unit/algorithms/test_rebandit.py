from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from scipy import stats

from rldomain.algorithms import Observation, get_algorithm
from rldomain.algorithms.allocation import clipped_probability
from rldomain.algorithms.empirical_bayes import FitSettings, rejection_reason
from rldomain.algorithms.rebandit import ReBandit
from rldomain.algorithms.states import miwaves_features
from tests.unit.algorithms.simulate import miwaves_config, random_ids, random_thetas, simulate

DIM = 24
ADV = slice(16, 24)
SIGMA_U = np.linspace(0.005, 0.05, DIM)  # not isotropic, so a transposed index would show


def small_study(
    seed: int, n_obs: int = 6, min_observations: int = 1
) -> tuple[ReBandit, list[Observation], list[str]]:
    rng = np.random.default_rng(seed)
    config = miwaves_config(
        "rebandit",
        priors={"sigma_u": SIGMA_U.tolist(), "noise_var": 0.6},
        hyperparameters={"min_observations": min_observations},
    )
    algo = get_algorithm("rebandit", config)
    assert isinstance(algo, ReBandit)
    thetas = random_thetas(rng, 3, algo.prior.mean, SIGMA_U)
    return algo, simulate(rng, thetas, n_obs, 0.6), list(thetas)


def naive_joint(algo: ReBandit, batch: list[Observation], ids: list[str]) -> tuple[Any, ...]:
    """Condition the full (K*D)-dimensional Gaussian over all participants' thetas directly."""
    k = len(ids)
    prior_cov = np.kron(np.ones((k, k)), np.diag(algo.prior.var)) + np.kron(
        np.eye(k), np.diag(SIGMA_U)
    )
    prior_mean = np.tile(algo.prior.mean, k)
    h = np.zeros((len(batch), k * DIM))
    for row, o in enumerate(batch):
        f = miwaves_features(o.state)
        x = np.concatenate([f, o.probability * f, (o.action - o.probability) * f])
        j = ids.index(o.participant_id)
        h[row, j * DIM : (j + 1) * DIM] = x
    y = np.array([o.reward for o in batch])
    post_cov = np.linalg.inv(np.linalg.inv(prior_cov) + h.T @ h / 0.6)
    post_mean = post_cov @ (np.linalg.solve(prior_cov, prior_mean) + h.T @ y / 0.6)
    evidence = stats.multivariate_normal(h @ prior_mean, h @ prior_cov @ h.T + 0.6 * np.eye(len(y)))
    return post_mean, post_cov, float(evidence.logpdf(y))


def test_posterior_matches_the_naive_joint_gaussian_for_every_participant() -> None:
    algo, batch, ids = small_study(seed=7)
    unseen = random_ids(np.random.default_rng(8), 1)[0]
    params = algo.update(algo.initial_params(), batch)
    mean, cov, _ = naive_joint(algo, batch, [*ids, unseen])
    for j, pid in enumerate([*ids, unseen]):
        block = slice(j * DIM, (j + 1) * DIM)
        got_mean, got_cov = algo.participant_posterior(params, pid)
        np.testing.assert_allclose(got_mean, mean[block], rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(got_cov, cov[block, block], rtol=1e-8, atol=1e-11)
        if pid != unseen:  # what probability() reads must agree too
            i = list(params["participants"]).index(pid)
            np.testing.assert_allclose(params["mean"][i], mean[block], rtol=1e-8, atol=1e-10)
            np.testing.assert_allclose(
                params["adv_cov"][i], cov[block, block][ADV, ADV], rtol=1e-8, atol=1e-11
            )


def test_unseen_participant_gets_the_population_posterior_plus_sigma_u() -> None:
    algo, batch, _ = small_study(seed=9)
    params = algo.update(algo.initial_params(), batch)
    state = (1.0, 0.0, 1.0)
    f = miwaves_features(state)
    cov = params["pop_cov"] + np.diag(SIGMA_U)
    expected = clipped_probability(
        float(params["pop_mean"][ADV] @ f), float(f @ cov[ADV, ADV] @ f), algo.allocation
    )
    assert algo.probability(params, state, "never-seen") == expected
    seen = str(params["participants"][0])
    assert algo.probability(params, state, seen) != expected


def test_log_likelihood_matches_the_direct_multivariate_normal() -> None:
    algo, batch, ids = small_study(seed=10)
    params = algo.update(algo.initial_params(), batch)
    assert params["log_likelihood"] == pytest.approx(naive_joint(algo, batch, ids)[2], rel=1e-10)


def test_several_small_updates_equal_one_big_update() -> None:
    algo, batch, _ = small_study(seed=11, n_obs=10)
    once = algo.update(algo.initial_params(), batch)
    stepwise = algo.initial_params()
    for chunk in (batch[:4], [], batch[4:17], batch[17:]):
        stepwise = algo.update(stepwise, chunk)
    assert list(stepwise["participants"]) == list(once["participants"])
    for key in ("xtx", "xty", "yty", "n", "pop_mean", "pop_cov", "mean", "adv_cov"):
        np.testing.assert_allclose(stepwise[key], once[key], rtol=1e-9, atol=1e-12)


def test_update_never_mutates_its_input() -> None:
    algo, batch, _ = small_study(seed=12)
    params = algo.update(algo.initial_params(), batch[:5])
    frozen = copy.deepcopy(params)
    fitted = algo.update(params, batch[5:], fit_hyperparameters=True)
    assert fitted["hyper_status"] != params["hyper_status"]  # the fit really ran
    assert params.keys() == frozen.keys()
    for key, value in frozen.items():
        assert np.array_equal(params[key], value), key


def simulated_fit(true_noise: float, **config: Any) -> dict[str, Any]:
    rng = np.random.default_rng(13)
    algo = get_algorithm("rebandit", miwaves_config("rebandit", **config))
    assert isinstance(algo, ReBandit)
    thetas = random_thetas(rng, 40, algo.prior.mean, np.full(DIM, 0.01))
    params = algo.update(algo.initial_params(), simulate(rng, thetas, 50, true_noise))
    fitted = algo.update(params, [], fit_hyperparameters=True)
    fitted["before"] = params
    return fitted


def test_empirical_bayes_recovers_a_known_noise_variance() -> None:
    fitted = simulated_fit(0.4)
    assert fitted["hyper_status"].startswith("accepted"), fitted["hyper_status"]
    assert fitted["noise_var"] == pytest.approx(0.4, rel=0.15)
    assert fitted["log_likelihood"] > fitted["before"]["log_likelihood"]
    assert fitted["sigma_u"].shape == (DIM,) and np.all(fitted["sigma_u"] > 0)


def test_empirical_bayes_keeps_previous_hyperparameters_when_the_fit_leaves_its_bounds() -> None:
    fitted = simulated_fit(
        0.4, priors={"noise_var": 3.0}, hyperparameters={"noise_var_bounds": [2.0, 10.0]}
    )
    assert fitted["hyper_status"].startswith("rejected"), fitted["hyper_status"]
    assert "noise_var" in fitted["hyper_status"]
    assert fitted["noise_var"] == 3.0
    np.testing.assert_array_equal(fitted["sigma_u"], fitted["before"]["sigma_u"])
    np.testing.assert_allclose(fitted["mean"], fitted["before"]["mean"], rtol=1e-12)


@pytest.mark.parametrize(
    ("noise_var", "sigma_u", "log_lik", "reason"),
    [
        (0.5, np.array([0.01, -0.01]), 0.0, "not positive definite"),
        (0.0, np.array([0.01, 0.01]), 0.0, "not positive definite"),
        (np.nan, np.array([0.01, 0.01]), 0.0, "non-finite"),
        (0.5, np.array([0.01, np.inf]), 0.0, "non-finite"),
        (0.5, np.array([0.01, 500.0]), 0.0, "outside"),
        (0.5, np.array([0.01, 0.01]), -11.0, "log-likelihood fell"),
    ],
)
def test_candidate_hyperparameters_are_rejected_with_a_reason(
    noise_var: float, sigma_u: np.ndarray, log_lik: float, reason: str
) -> None:
    got = rejection_reason(noise_var, sigma_u, log_lik, -10.0, FitSettings())
    assert got is not None and reason in got
    assert rejection_reason(0.5, np.array([0.01, 0.01]), -9.0, -10.0, FitSettings()) is None


def test_probability_stays_inside_the_clip_for_wild_rewards() -> None:
    algo, batch, ids = small_study(seed=14)
    wild = [
        Observation(o.participant_id, o.state, o.action, o.probability, 1e4 * o.action)
        for o in batch
    ]
    params = algo.update(algo.initial_params(), wild)
    for pid in [*ids, "new"]:
        assert algo.probability(params, (1.0, 1.0, 1.0), pid) == 0.8


def test_defaults_are_the_miwaves_priors() -> None:
    params = get_algorithm("rebandit", {"state": "miwaves"}).initial_params()
    baseline_var = [0.6084, 0.1444, 0.3844, 0.9604, 0.0256, 0.01, 0.0256, 0.01]
    advantage_var = [0.0729, 0.1089, 0.09, 0.1024, 0.01, 0.01, 0.01, 0.01]
    np.testing.assert_allclose(params["pop_mean"], [2.12, 0, 0, -0.69] + [0.0] * 20)
    np.testing.assert_allclose(np.diag(params["pop_cov"]), baseline_var + advantage_var * 2)
    assert params["sigma_u"].tolist() == [0.01] * DIM and params["noise_var"] == 0.85
    assert len(params["participants"]) == 0 and params["hyper_status"] == "not fitted yet"


def test_a_prior_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="needs 8"):
        get_algorithm("rebandit", {"state": "miwaves", "priors": {"baseline_var": [1.0, 2.0]}})
    with pytest.raises(ValueError, match="sigma_u"):
        get_algorithm("rebandit", {"state": "miwaves", "priors": {"sigma_u": -0.01}})


def test_empirical_bayes_waits_for_enough_observations() -> None:
    algo, batch, _ = small_study(seed=15, min_observations=100)
    fitted = algo.update(algo.initial_params(), batch, fit_hyperparameters=True)
    assert fitted["hyper_status"].startswith("not fitted: 18 observations")
    assert fitted["noise_var"] == 0.6
