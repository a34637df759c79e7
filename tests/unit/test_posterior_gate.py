"""The posterior sanity gate: a normal fit passes, and a posterior that is not finite, not
symmetric positive definite, or blown up against the prior is refused with its cause."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rldomain.algorithms import Observation
from rldomain.monitoring.posterior import PosteriorGate, refusal
from rldomain.study import Study, load_study

STUDIES = Path(__file__).resolve().parents[2] / "examples" / "studies"
GATE = PosteriorGate()


def observations(study: Study, n: int, reward: float, seed: int = 1) -> list[Observation]:
    rng = random.Random(seed)
    width = study.policy.states.state_dim
    return [
        Observation(
            participant_id=f"p{i % 3}",
            state=tuple(rng.uniform(0, 1) for _ in range(width)),
            action=i % 2,
            probability=0.5,
            reward=reward * rng.uniform(0.5, 1.5),
        )
        for i in range(n)
    ]


def fitted(name: str, reward: float = 1.0, hyper: bool = False) -> tuple[dict[str, Any], Study]:
    study = load_study(STUDIES / name)
    prior = study.policy.initial_params()
    return study.policy.update(
        prior, observations(study, 40, reward), fit_hyperparameters=hyper
    ), study


@pytest.mark.parametrize(
    ("name", "hyper"), [("oralytics.yaml", False), ("miwaves.yaml", False), ("miwaves.yaml", True)]
)
def test_a_normal_fit_passes(name: str, hyper: bool) -> None:
    params, study = fitted(name, hyper=hyper)
    assert refusal(params, study.policy.initial_params(), GATE) is None


def test_a_flat_policy_has_no_posterior_to_refuse() -> None:
    study = load_study(STUDIES / "justin.yaml")
    prior = study.policy.initial_params()
    assert refusal(prior, prior, GATE) is None


@settings(max_examples=25, deadline=None)
@given(st.floats(-50, 50), st.integers(1, 60), st.integers(0, 2**16))
def test_blr_ts_fits_of_rewards_on_a_sane_scale_pass(reward: float, n: int, seed: int) -> None:
    study = load_study(STUDIES / "oralytics.yaml")
    prior = study.policy.initial_params()
    params = study.policy.update(prior, observations(study, n, reward, seed))
    assert refusal(params, prior, GATE) is None


def test_a_nan_is_refused() -> None:
    params, study = fitted("oralytics.yaml")
    params["mean"] = params["mean"].copy()
    params["mean"][0] = np.nan
    assert refusal(params, study.policy.initial_params(), GATE) == "not finite: mean"


@pytest.mark.parametrize("key", ["cov", "pop_cov", "adv_cov"])
def test_a_covariance_that_is_not_positive_definite_is_refused(key: str) -> None:
    params, study = fitted("oralytics.yaml" if key == "cov" else "miwaves.yaml")
    params[key] = -params[key]
    cause = refusal(params, study.policy.initial_params(), GATE)
    assert cause == f"not symmetric positive definite: {key}"


def test_an_asymmetric_covariance_is_refused() -> None:
    params, study = fitted("oralytics.yaml")
    cov = params["cov"].copy()
    cov[0, 1] += 0.1
    params["cov"] = cov
    assert refusal(params, study.policy.initial_params(), GATE) == (
        "not symmetric positive definite: cov"
    )


@pytest.mark.parametrize(("name", "key"), [("oralytics.yaml", "cov"), ("miwaves.yaml", "pop_cov")])
def test_a_covariance_grown_past_the_prior_is_refused(name: str, key: str) -> None:
    params, study = fitted(name)
    prior = study.policy.initial_params()
    params[key] = prior[key] * 11  # within 10 x passes, beyond it is refused
    assert (cause := refusal(params, prior, GATE)) is not None
    assert cause.startswith(f"blown up: {key}'s largest eigenvalue is 11 x")
    params[key] = prior[key] * 9
    assert refusal(params, prior, GATE) is None


@pytest.mark.parametrize(
    ("name", "key"), [("oralytics.yaml", "mean"), ("miwaves.yaml", "pop_mean")]
)
def test_a_fit_of_rewards_on_a_wild_scale_blows_the_mean_up(name: str, key: str) -> None:
    study = load_study(STUDIES / name)
    prior = study.policy.initial_params()
    params = study.policy.update(prior, observations(study, 40, reward=1e12))
    cause = refusal(params, prior, GATE)
    assert cause is not None and cause.startswith(f"blown up: {key} lies")
    loose = PosteriorGate(mean_sds=1e15)  # a study may allow more
    assert refusal(params, prior, loose) is None


def test_a_study_sets_its_gate_and_a_ratio_of_one_or_less_is_refused() -> None:
    data = yaml.safe_load((STUDIES / "oralytics.yaml").read_text())
    data["monitoring"] = {"posterior": {"variance_ratio": 4, "mean_sds": 50}}
    assert Study.model_validate(data).monitoring.posterior == PosteriorGate(
        variance_ratio=4, mean_sds=50
    )
    data["monitoring"] = {"posterior": {"variance_ratio": 1}}
    with pytest.raises(ValidationError, match="variance_ratio"):
        Study.model_validate(data)
