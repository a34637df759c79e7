"""K >= 2 actions: the draw, the probability vector, the binary case unchanged, flat with K."""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pytest

from rldomain.algorithms import (
    ALGORITHMS,
    Observation,
    draw_action,
    draw_from,
    get_algorithm,
    probability_vector,
)
from rldomain.algorithms.draw import seeded_uniform
from rldomain.algorithms.linear import design_matrix
from tests.unit.algorithms.simulate import miwaves_config, random_ids

STATES = [(a, b, c) for a in (0.0, 1.0) for b in (0.0, 1.0) for c in (0.0, 1.0)]


def test_draw_from_a_binary_vector_is_draw_action_for_every_seed_and_probability() -> None:
    rng = np.random.default_rng()  # fresh seeds every run widen the coverage over time
    seeds = [int(s) for s in rng.integers(0, 2**63, 5000, dtype=np.uint64)]
    for seed, p in zip(seeds, rng.uniform(size=len(seeds)), strict=True):
        assert draw_from((1.0 - p, p), seed) == draw_action(float(p), seed)
    for seed in seeds[:50]:  # at the uniform itself, and the edges
        u = seeded_uniform(seed)
        for p in (0.0, 1.0, u, math.nextafter(u, 1.0), math.nextafter(u, 0.0)):
            assert draw_from((1.0 - p, p), seed) == draw_action(p, seed)


def test_draw_from_walks_down_from_the_last_action() -> None:
    seed = 3  # its uniform is 0x1.5ed1a93cfbec0p-4, about 0.0857
    u = seeded_uniform(seed)
    assert draw_from((0.5, 0.4, 0.1), seed) == 2  # u < p_2
    assert draw_from((0.5, 0.5 - u, u), seed) == 1  # u = p_2, so not 2; u < p_2 + p_1
    assert draw_from((1.0 - u, 0.0, u), seed) == 0  # p_1 = 0 adds nothing
    assert draw_from((0.0, 0.0, 0.0, 1.0), seed) == 3


def test_draw_from_draws_each_action_about_as_often_as_its_probability() -> None:
    ps = (0.2, 0.3, 0.1, 0.4)
    counts = np.bincount([draw_from(ps, seed) for seed in range(20000)], minlength=4)
    # Binomial standard deviations are at most 0.0035 here: 4 of them is a safe margin.
    np.testing.assert_allclose(counts / 20000, ps, atol=0.014)


@pytest.mark.parametrize(
    ("probabilities", "seed", "match"),
    [
        ((0.5, 0.5), 2**63, "seed"),
        ((0.5, 0.5), -1, "seed"),
        ((1.0,), 1, "2 or more"),
        ((0.5, float("nan")), 1, r"\[0, 1\]"),
        ((1.5, -0.5), 1, r"\[0, 1\]"),
        ((0.3, 0.3, 0.3), 1, "sum to 1"),
    ],
)
def test_draw_from_refuses_bad_arguments(
    probabilities: tuple[float, ...], seed: int, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        draw_from(probabilities, seed)


def test_probability_vector_is_the_given_vector_or_the_binary_pair() -> None:
    assert probability_vector(0.3, ()) == (0.7, 0.3)
    assert probability_vector(0.3, (0.2, 0.3, 0.5)) == (0.2, 0.3, 0.5)


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_two_actions_probabilities_are_one_minus_p_and_p_exactly(name: str) -> None:
    rng = np.random.default_rng(21)
    algo = get_algorithm(name, miwaves_config(name))
    assert algo.n_actions == 2
    ids = random_ids(rng, 3)
    batch = []
    for _ in range(40):
        pi = float(rng.uniform(0.2, 0.8))
        state = STATES[int(rng.integers(len(STATES)))]
        batch.append(Observation(str(rng.choice(ids)), state, int(rng.random() < pi), pi, 2.0))
    params = algo.update(algo.initial_params(), batch)
    for pid in [*ids, "unseen"]:
        for state in STATES:
            p = algo.probability(params, state, pid)
            assert algo.probabilities(params, state, pid) == (1.0 - p, p)


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_binary_params_keep_their_layout(name: str) -> None:
    """Stored binary policies are decoded and replayed: no key may appear or go."""
    keys = {
        "flat": ["algorithm", "version", "probability"],
        "blr_ts": ["algorithm", "version", "noise_var", "n", "xtx", "xty", "yty", "mean", "cov"],
        "rebandit": [
            "algorithm", "version", "participants", "noise_var", "sigma_u", "hyper_status",
            "log_likelihood", "xtx", "xty", "yty", "n", "pop_mean", "pop_cov", "mean", "adv_cov",
        ],
    }  # fmt: skip
    params = get_algorithm(name, miwaves_config(name)).initial_params()
    assert list(params) == keys[name]
    if name != "flat":
        assert params["xtx"].shape[-1] == 3 * 8


def test_a_binary_design_row_is_b_pi_b_and_a_minus_pi_b_bit_for_bit() -> None:
    rng = np.random.default_rng(22)
    features = rng.normal(size=(50, 4))
    pi, action = rng.uniform(0.1, 0.9, 50), (rng.random(50) < 0.5).astype(np.float64)
    expected = np.hstack([features, pi[:, None] * features, (action - pi)[:, None] * features])
    assert design_matrix(features, pi, action).tobytes() == expected.tobytes()


def test_a_three_action_design_row_centres_each_action_on_its_probability() -> None:
    b = np.array([[1.0, 2.0]])
    pis = np.array([[0.25, 0.5]])  # P(action 1), P(action 2)
    row = design_matrix(b, pis, np.array([2.0]))[0]
    expected = [1, 2, 0.25, 0.5, 0.5, 1.0, -0.25, -0.5, 0.5, 1.0]
    assert row.tolist() == expected


@pytest.mark.parametrize("actions", [1, 0, 2.5, True, "3"])
def test_the_number_of_actions_must_be_an_integer_of_at_least_two(actions: object) -> None:
    with pytest.raises(ValueError, match="actions must be an integer"):
        get_algorithm("flat", {"actions": actions})


def test_flat_with_k_actions_returns_its_vector_and_its_entry_one_as_probability() -> None:
    algo = get_algorithm("flat", {"actions": 3, "priors": {"probabilities": [0.2, 0.3, 0.5]}})
    params = algo.initial_params()
    assert algo.n_actions == 3 and params["actions"] == 3
    assert algo.probabilities(params, (1.0,), "p") == (0.2, 0.3, 0.5)
    assert algo.probability(params, (1.0,), "p") == 0.3
    uniform = get_algorithm("flat", {"actions": 4})
    assert uniform.probabilities(uniform.initial_params(), (1.0,), "p") == (0.25,) * 4


def test_flat_with_two_actions_takes_a_vector_or_a_probability() -> None:
    vector = get_algorithm("flat", {"priors": {"probabilities": [0.6, 0.4]}})
    assert vector.initial_params() == {"algorithm": "flat", "version": 1, "probability": 0.4}
    assert get_algorithm("flat", {}).initial_params()["probability"] == 0.5


@pytest.mark.parametrize(
    ("config", "match"),
    [
        ({"actions": 3, "priors": {"probability": 0.3}}, "priors.probabilities"),
        ({"actions": 3, "priors": {"probabilities": [0.5, 0.5]}}, "3 numbers summing to 1"),
        ({"actions": 3, "priors": {"probabilities": [0.5, 0.3, 0.3]}}, "summing to 1"),
        ({"priors": {"probabilities": [0.5, 0.5], "probability": 0.5}}, "not both"),
        (
            {"actions": 3, "clip": {"low": 0.1}, "priors": {"probabilities": [0.05, 0.45, 0.5]}},
            r"\[0.1, 1\]",
        ),
    ],
)
def test_flat_refuses_vectors_that_do_not_fit(config: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        get_algorithm("flat", config)


def test_params_for_another_number_of_actions_are_refused() -> None:
    two = get_algorithm("blr_ts", {"state": "miwaves"})
    three = get_algorithm("blr_ts", {"state": "miwaves", "actions": 3})
    with pytest.raises(ValueError, match="params are for 2 actions, not 3"):
        three.probabilities(two.initial_params(), (1.0, 0.0, 1.0), "p")
    with pytest.raises(ValueError, match="params are for 3 actions, not 2"):
        two.probability(three.initial_params(), (1.0, 0.0, 1.0), "p")


def three_action_batch(rng: np.random.Generator, n: int) -> list[Observation]:
    ids = random_ids(rng, 3)
    out = []
    for _ in range(n):
        ps = tuple(float(v) for v in rng.dirichlet([4.0, 4.0, 4.0]))
        action = int(rng.choice(3, p=ps))
        state = STATES[int(rng.integers(len(STATES)))]
        out.append(Observation(str(rng.choice(ids)), state, action, ps[1], 2.0 + action, ps))
    return out


BAD_BATCHES = [
    ({"action": 3}, "actions must be 0..2; observation 2 has 3"),
    ({"action": -1}, "actions must be 0..2; observation 2 has -1"),
    ({"probabilities": ()}, "observation 2 has no probabilities; 3 actions need them"),
    ({"probabilities": (0.5, 0.5)}, re.escape("observation 2 has probabilities (0.5, 0.5): 2 of")),
    ({"probabilities": (0.2, 0.5, 0.5), "probability": 0.5}, "observation 2 .* sum to 1"),
    ({"probabilities": (-0.1, 0.6, 0.5), "probability": 0.6}, r"observation 2 .* \[0, 1\]"),
    ({"probabilities": (0.2, 0.3, 0.5), "probability": 0.5}, "observation 2 .* entry 1 must be"),
    ({"probabilities": (0.2, float("nan"), 0.5)}, "observation 2 has a non-finite probabilities"),
]


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
@pytest.mark.parametrize(("change", "match"), BAD_BATCHES)
def test_a_three_action_update_refuses_a_bad_observation_by_index(
    name: str, change: dict[str, object], match: str
) -> None:
    rng = np.random.default_rng(23)
    config = {**miwaves_config(name), "actions": 3, "clip": {"low": 0.1}, "allocation": {}}
    algo = get_algorithm(name, config)
    params = algo.update(algo.initial_params(), three_action_batch(rng, 10))
    batch = three_action_batch(rng, 5)
    batch[2] = dataclasses.replace(batch[2], **change)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=match):
        algo.update(params, batch)


def test_a_binary_observation_may_carry_its_vector_if_it_agrees() -> None:
    algo = get_algorithm("blr_ts", {"state": "miwaves"})
    plain = Observation("p", (1.0, 0.0, 1.0), 1, 0.4, 2.5)
    with_vector = dataclasses.replace(plain, probabilities=(0.6, 0.4))
    a = algo.update(algo.initial_params(), [plain])
    b = algo.update(algo.initial_params(), [with_vector])
    assert a["mean"].tobytes() == b["mean"].tobytes()
    with pytest.raises(ValueError, match="entry 1 must be"):
        algo.update(a, [dataclasses.replace(plain, probabilities=(0.5, 0.5))])
