"""Off-policy estimators recover a known value on simulated micro-randomized data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from rlaudit.evaluation import (
    cross_fit_q,
    evaluate,
    fit_outcome_model,
    importance_weights,
    ipw,
    snipw,
)

Array = npt.NDArray[np.float64]
Data = tuple[Array, Array, Array, Array]  # states, actions, logged_p, rewards
LOGGING_COEF = np.array([1.0, -0.5])
BASELINE_COEF = np.array([1.0, 0.5])


def expit(x: Array) -> Array:
    return np.asarray(1.0 / (1.0 + np.exp(-x)))


def treatment_effect(s: Array) -> Array:
    return 0.5 + 0.8 * s[..., 0]


def simulate(n: int, rng: np.random.Generator) -> Data:
    s = rng.standard_normal((n, 2))
    p = np.clip(expit(s @ LOGGING_COEF), 0.1, 0.9)
    a = (rng.random(n) < p).astype(np.float64)
    r = 1.0 + s @ BASELINE_COEF + a * treatment_effect(s) + rng.standard_normal(n)
    return s, a, p, r


CANDIDATES: dict[str, Callable[[Array], Array]] = {
    "fixed 0.5": lambda s: np.full(s.shape[0], 0.5),
    "always treat": lambda s: np.ones(s.shape[0]),
    "never treat": lambda s: np.zeros(s.shape[0]),
    "state-dependent": lambda s: expit(2.0 * s[:, 0]),
}


def true_value(name: str) -> float:
    """1 + E[pi(S) tau(S)] with S ~ N(0, I): the baseline term has mean 1, and pi and tau
    depend on S[0] only, so Gauss-Hermite quadrature in one dimension is exact to ~1e-12."""
    x, wq = np.polynomial.hermite_e.hermegauss(80)
    s = np.column_stack([x, np.zeros_like(x)])
    return float(1.0 + np.sum(wq * CANDIDATES[name](s) * treatment_effect(s)) / np.sqrt(2 * np.pi))


@pytest.fixture(scope="module")
def big() -> Data:
    return simulate(20_000, np.random.default_rng(20240611))


@pytest.mark.parametrize("name", list(CANDIDATES))
def test_every_estimators_95_percent_interval_covers_the_true_value(name: str, big: Data) -> None:
    s, a, p, r = big
    estimates = evaluate(s, a, p, r, CANDIDATES[name](s))
    assert [e.method for e in estimates] == ["ipw", "snipw", "dr"]
    truth = true_value(name)
    for e in estimates:
        assert e.ci_low <= truth <= e.ci_high, (e, truth)
        assert e.n == 20_000


def test_each_interval_covers_the_truth_in_85_to_99_percent_of_replications() -> None:
    # One seeded data set can pass by luck; repeated draws check that the SEs are calibrated.
    rng = np.random.default_rng(7)
    truth = true_value("state-dependent")
    hits = {"ipw": 0, "snipw": 0, "dr": 0}
    for _ in range(200):
        s, a, p, r = simulate(400, rng)
        for e in evaluate(s, a, p, r, CANDIDATES["state-dependent"](s)):
            hits[e.method] += e.ci_low <= truth <= e.ci_high
    for method, h in hits.items():
        assert 0.85 <= h / 200 <= 0.99, (method, h / 200)


@pytest.mark.parametrize("name", list(CANDIDATES))
def test_doubly_robust_beats_ipw_on_standard_error_when_the_outcome_model_is_right(
    name: str, big: Data
) -> None:
    s, a, p, r = big
    ipw_est, _, dr_est = evaluate(s, a, p, r, CANDIDATES[name](s))
    assert dr_est.std_error < ipw_est.std_error


def test_ipw_is_the_plain_mean_reward_when_the_candidate_is_the_logging_policy(big: Data) -> None:
    _, a, p, r = big
    np.testing.assert_array_equal(importance_weights(a, p, p), np.ones(a.size))
    e = ipw(a, p, r, p)
    assert e.value == pytest.approx(float(np.mean(r)), rel=1e-12)
    assert snipw(a, p, r, p).value == pytest.approx(float(np.mean(r)), rel=1e-12)
    assert e.effective_sample_size == pytest.approx(a.size)


def test_importance_weights_are_candidate_over_logging_probability_of_the_taken_action() -> None:
    w = importance_weights([1, 0, 1, 0], [0.2, 0.2, 0.8, 0.8], [0.5, 0.5, 1.0, 1.0])
    np.testing.assert_allclose(w, [2.5, 0.625, 1.25, 0.0])


def test_effective_sample_size_is_n_when_weights_are_equal_and_smaller_when_not() -> None:
    r = np.arange(10.0)
    equal = ipw(np.ones(10), np.full(10, 0.5), r, 1.0)  # every weight is 2
    assert equal.effective_sample_size == pytest.approx(10.0)
    unequal = ipw(np.r_[np.ones(5), np.zeros(5)], np.full(10, 0.5), r, 0.9)
    assert unequal.effective_sample_size < 10.0


def test_the_outcome_model_recovers_a_noise_free_linear_reward() -> None:
    s, a, _, _ = simulate(500, np.random.default_rng(1))
    r = 1.0 + s @ BASELINE_COEF + a * treatment_effect(s)
    model = fit_outcome_model(s, a, r)
    np.testing.assert_allclose(model(s, 1) - model(s, 0), treatment_effect(s), atol=1e-3)


def test_cross_fitted_predictions_ignore_the_rows_own_reward_and_are_seeded() -> None:
    s, a, _, r = simulate(300, np.random.default_rng(2))
    q0, q1 = cross_fit_q(s, a, r, seed=3)
    r2 = r.copy()
    r2[0] += 1_000.0
    p0, p1 = cross_fit_q(s, a, r2, seed=3)
    assert (p0[0], p1[0]) == (q0[0], q1[0])
    assert not np.allclose(p0, q0)  # the other fold did see the change
    assert not np.array_equal(cross_fit_q(s, a, r, seed=4)[0], q0)


GOOD: dict[str, Any] = {
    "actions": [0, 1, 1],
    "logged_p": [0.3, 0.5, 0.7],
    "rewards": [1.0, 0.0, 2.0],
}


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("logged_p", [0.0, 0.5, 0.7]),
        ("logged_p", [0.3, 0.5, 1.0]),
        ("logged_p", [0.3, 0.5]),
        ("actions", [0, 2, 1]),
        ("actions", []),
        ("rewards", [1.0, float("nan"), 2.0]),
        ("candidate_p", [0.5, 1.1, 0.5]),
        ("candidate_p", [0.5, 0.5]),
        ("candidate_p", -0.1),
    ],
)
def test_invalid_inputs_raise_value_error_naming_the_input(field: str, bad: object) -> None:
    args: dict[str, Any] = {**GOOD, "candidate_p": 0.5, field: bad}
    for estimator in (ipw, snipw):
        with pytest.raises(ValueError, match=field):
            estimator(**args)


def test_states_with_the_wrong_number_of_rows_raise_value_error() -> None:
    with pytest.raises(ValueError, match="states"):
        evaluate(np.zeros((2, 2)), GOOD["actions"], GOOD["logged_p"], GOOD["rewards"], 0.5)


# --- Three actions: probabilities as (n, 3) matrices, weights of the action taken -------------

EFFECTS: tuple[Callable[[Array], Array], ...] = (
    lambda s: np.zeros(s.shape[:-1]),
    treatment_effect,
    lambda s: np.asarray(-0.3 + 0.4 * s[..., 0]),
)


def softmax(logits: Array) -> Array:
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


def three_action_candidate(s: Array) -> Array:
    return softmax(np.stack([np.zeros(s.shape[0]), 2.0 * s[:, 0], -s[:, 0]], axis=-1))


def simulate_three_actions(n: int, rng: np.random.Generator) -> Data:
    s = rng.standard_normal((n, 2))
    # Every action keeps at least 0.1: the logging policy must be able to take each.
    p = 0.1 + 0.7 * softmax(np.stack([np.zeros(n), s @ LOGGING_COEF, -(s @ LOGGING_COEF)], -1))
    a = (rng.random(n)[:, None] > np.cumsum(p, axis=1)).sum(axis=1).astype(np.float64)
    mean = np.stack([effect(s) for effect in EFFECTS], axis=-1)
    r = 1.0 + s @ BASELINE_COEF + mean[np.arange(n), a.astype(int)] + rng.standard_normal(n)
    return s, a, p, r


def test_with_three_actions_every_interval_covers_the_true_value() -> None:
    s, a, p, r = simulate_three_actions(20_000, np.random.default_rng(31))
    x, wq = np.polynomial.hermite_e.hermegauss(80)
    grid = np.column_stack([x, np.zeros_like(x)])
    pi = three_action_candidate(grid)
    gain = sum(pi[:, k] * EFFECTS[k](grid) for k in range(3))
    truth = float(1.0 + np.sum(wq * gain) / np.sqrt(2 * np.pi))
    estimates = evaluate(s, a, p, r, three_action_candidate(s))
    assert [e.method for e in estimates] == ["ipw", "snipw", "dr"]
    for e in estimates:
        assert e.ci_low <= truth <= e.ci_high, (e, truth)


def test_a_weight_is_the_candidates_over_the_logged_probability_of_the_action_taken() -> None:
    logged = [[0.2, 0.3, 0.5], [0.5, 0.25, 0.25], [0.1, 0.8, 0.1]]
    candidate = [[0.5, 0.25, 0.25], [0.0, 0.0, 1.0], [0.2, 0.6, 0.2]]
    np.testing.assert_allclose(importance_weights([0, 2, 1], logged, candidate), [2.5, 4.0, 0.75])


def test_a_binary_studys_probability_of_action_1_is_its_two_column_matrix() -> None:
    s, a, p, r = simulate(200, np.random.default_rng(5))
    pi = expit(s[:, 0])
    as_matrix = (np.column_stack([1 - p, p]), np.column_stack([1 - pi, pi]))
    np.testing.assert_array_equal(importance_weights(a, p, pi), importance_weights(a, *as_matrix))
    assert evaluate(s, a, p, r, pi) == evaluate(s, a, *as_matrix[:1], r, as_matrix[1])


def test_the_outcome_model_recovers_each_of_three_actions_noise_free_reward() -> None:
    s, a, _, _ = simulate_three_actions(600, np.random.default_rng(8))
    base = 1.0 + s @ BASELINE_COEF
    r = base + np.stack([e(s) for e in EFFECTS], -1)[np.arange(a.size), a.astype(int)]
    model = fit_outcome_model(s, a, r, n_actions=3)
    for k, effect in enumerate(EFFECTS):
        np.testing.assert_allclose(model(s, k), base + effect(s), atol=1e-2)


THREE = {"actions": [0, 2, 1], "logged_p": [[0.2, 0.3, 0.5]] * 3, "rewards": [1.0, 0.0, 2.0]}


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("actions", [0, 3, 1]),
        ("logged_p", [[0.2, 0.3, 0.6]] * 3),  # sums to 1.1
        ("logged_p", [[0.0, 0.5, 0.5]] * 3),  # action 0 never possible
        ("candidate_p", [[0.5, 0.5]] * 3),  # two actions, the logged policy three
        ("candidate_p", [[1.2, -0.1, -0.1]] * 3),
    ],
)
def test_invalid_three_action_inputs_raise_value_error_naming_the_input(
    field: str, bad: object
) -> None:
    args: dict[str, Any] = {**THREE, "candidate_p": [[0.4, 0.3, 0.3]] * 3, field: bad}
    for estimator in (ipw, snipw):
        with pytest.raises(ValueError, match=field):
            estimator(**args)
