"""Every algorithm refuses a batch holding a NaN or an infinity, naming the observation and field,
instead of learning an all-NaN posterior."""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any

import numpy as np
import pytest

from rldomain.algorithms import ALGORITHMS, Algorithm, Observation, Params, get_algorithm
from tests.unit.algorithms.simulate import miwaves_config, random_ids

NOT_FINITE = (float("nan"), float("inf"), float("-inf"))


def valid_batch(rng: np.random.Generator, n: int) -> list[Observation]:
    ids = random_ids(rng, 3)
    out = []
    for _ in range(n):
        state = tuple(float(v) for v in rng.integers(0, 2, size=3))
        pi = float(rng.uniform(0.2, 0.8))
        action = int(rng.random() < pi)
        out.append(Observation(str(rng.choice(ids)), state, action, pi, float(rng.normal(2, 1))))
    return out


def corrupt(obs: Observation, field: str, value: float, rng: np.random.Generator) -> Observation:
    if field == "state":
        state = list(obs.state)
        state[int(rng.integers(len(state)))] = value
        return dataclasses.replace(obs, state=tuple(state))
    if field == "reward":
        return dataclasses.replace(obs, reward=value)
    return dataclasses.replace(obs, probability=value)


def trained(name: str, rng: np.random.Generator) -> tuple[Algorithm, Params]:
    algo = get_algorithm(name, miwaves_config(name))
    return algo, algo.update(algo.initial_params(), valid_batch(rng, 20))


def assert_unchanged(params: Params, frozen: Params) -> None:
    assert params.keys() == frozen.keys()
    for key, value in frozen.items():
        assert np.array_equal(params[key], value), key


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
@pytest.mark.parametrize("field", ["state", "reward", "probability"])
def test_an_update_refuses_a_non_finite_value_and_names_where_it_is(name: str, field: str) -> None:
    rng = np.random.default_rng()
    algo, params = trained(name, rng)
    frozen = copy.deepcopy(params)
    for value in NOT_FINITE:
        batch = valid_batch(rng, 30)
        at = int(rng.integers(len(batch)))
        batch[at] = corrupt(batch[at], field, value, rng)
        with pytest.raises(ValueError, match=rf"observation {at} has a non-finite {field}\b"):
            algo.update(params, batch, fit_hyperparameters=True)
    assert_unchanged(params, frozen)


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_the_earliest_bad_observation_is_named_with_all_its_bad_fields(name: str) -> None:
    rng = np.random.default_rng()
    algo, params = trained(name, rng)
    batch = valid_batch(rng, 10)
    batch[7] = corrupt(batch[7], "state", float("nan"), rng)
    batch[4] = dataclasses.replace(batch[4], reward=float("inf"), probability=float("nan"))
    message = "observation 4 has a non-finite probability and reward (probability=nan, reward=inf)"
    with pytest.raises(ValueError, match=re.escape(message)):
        algo.update(params, batch)


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_out_of_range_actions_and_probabilities_are_refused_by_index(name: str) -> None:
    rng = np.random.default_rng()
    algo, params = trained(name, rng)
    batch = valid_batch(rng, 5)
    with pytest.raises(ValueError, match="actions must be 0 or 1; observation 2 has 3"):
        algo.update(params, [*batch[:2], dataclasses.replace(batch[2], action=3), *batch[3:]])
    with pytest.raises(ValueError, match=r"probabilities must lie in \[0, 1\]; observation 1"):
        algo.update(params, [batch[0], dataclasses.replace(batch[1], probability=1.5)])


@pytest.mark.parametrize("name", ["blr_ts", "rebandit"])
def test_a_learning_update_refuses_a_state_of_the_wrong_length_by_index(name: str) -> None:
    rng = np.random.default_rng()
    algo, params = trained(name, rng)
    batch = valid_batch(rng, 4)
    batch[3] = dataclasses.replace(batch[3], state=(1.0, 0.0))
    with pytest.raises(ValueError, match="observation 3 has a state of 2 entries, expected 3"):
        algo.update(params, batch)


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_finite_batches_and_empty_batches_still_update(name: str) -> None:
    rng = np.random.default_rng()
    algo, params = trained(name, rng)
    updated: dict[str, Any] = algo.update(params, valid_batch(rng, 15))
    assert algo.update(updated, []).keys() == updated.keys()
    for value in updated.values():
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            assert np.all(np.isfinite(value))
