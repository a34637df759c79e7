from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from rldomain.algorithms import (
    ALGORITHMS,
    Observation,
    decode_params,
    draw_action,
    encode_params,
    get_algorithm,
)
from tests.unit.algorithms.simulate import miwaves_config, random_ids


def test_draw_action_is_the_documented_formula_and_repeats_for_a_seed() -> None:
    rng = np.random.default_rng(11)
    for seed in rng.integers(0, 2**63, size=200, dtype=np.uint64):
        p = float(rng.uniform())
        expected = 1 if np.random.default_rng(int(seed)).random() < p else 0
        assert draw_action(p, int(seed)) == expected == draw_action(p, int(seed))


def test_draw_action_frequency_matches_the_probability() -> None:
    draws = [draw_action(0.3, seed) for seed in range(4000)]
    assert abs(np.mean(draws) - 0.3) < 0.03
    assert draw_action(0.0, 5) == 0 and draw_action(1.0, 5) == 1


def test_draw_action_refuses_seeds_outside_63_bits() -> None:
    with pytest.raises(ValueError, match="seed"):
        draw_action(0.5, 2**63)
    with pytest.raises(ValueError, match="seed"):
        draw_action(0.5, -1)


def assert_same(a: Any, b: Any) -> None:
    assert type(a) is type(b)
    if isinstance(a, dict):
        assert list(a) == list(b)
        for key in a:
            assert_same(a[key], b[key])
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    elif isinstance(a, float):
        assert np.float64(a).tobytes() == np.float64(b).tobytes()
    else:
        assert a == b


def test_encode_decode_round_trips_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    params: dict[str, Any] = {
        "algorithm": "x",
        "n": 2**62 + 1,
        "ratio": 0.1 + 0.2,
        "odd_floats": {"neg_zero": -0.0, "nan": float("nan"), "inf": float("-inf")},
        "tiny": 5e-324,
        "flag": True,
        "none": None,
        "empty": {},
        "matrix": rng.normal(size=(4, 3, 3)),
        "ints": np.arange(5, dtype=np.int32),
        "ids": np.array(random_ids(rng, 3)),
        "special": np.array([np.nan, -0.0, np.inf]),
    }
    assert_same(decode_params(encode_params(params)), params)


def test_encode_decode_round_trips_real_params_of_every_algorithm() -> None:
    rng = np.random.default_rng(5)
    pid = random_ids(rng, 1)[0]
    batch = [Observation(pid, (1.0, 0.0, 1.0), 1, 0.4, 2.5)]
    for name in ALGORITHMS:
        algo = get_algorithm(name, miwaves_config(name))
        params = algo.update(algo.initial_params(), batch)
        assert_same(decode_params(encode_params(params)), params)


def test_encode_refuses_values_that_would_need_pickle() -> None:
    with pytest.raises(TypeError):
        encode_params({"bad": np.array([object()])})
    with pytest.raises(TypeError):
        encode_params({"bad": [1, 2]})


def test_get_algorithm_refuses_unknown_or_mismatched_names() -> None:
    with pytest.raises(ValueError, match="unknown algorithm"):
        get_algorithm("ucb", {})
    with pytest.raises(ValueError, match="rebandit"):
        get_algorithm("flat", {"name": "rebandit"})


def test_params_of_one_algorithm_are_refused_by_another() -> None:
    flat = get_algorithm("flat", {})
    blr = get_algorithm("blr_ts", {})
    with pytest.raises(ValueError, match="flat"):
        blr.probability(flat.initial_params(), (1.0,), "someone")


def test_flat_returns_its_clipped_probability_and_never_learns() -> None:
    algo = get_algorithm(
        "flat", {"priors": {"probability": 0.95}, "clip": {"low": 0.1, "high": 0.9}}
    )
    params = algo.initial_params()
    assert algo.probability(params, (1.0,), "p") == 0.9
    updated = algo.update(params, [Observation("p", (1.0,), 1, 0.9, 3.0)])
    assert updated == params and updated is not params
