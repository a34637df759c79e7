"""A declared state space: features from the state's names, the same for one state as for a
matrix of them, refused when a state or a feature is unusable."""

from __future__ import annotations

import numpy as np
import pytest

from rldomain.algorithms import ALGORITHMS, get_algorithm
from rldomain.algorithms.states import DeclaredStateSpace

MIWAVES = DeclaredStateSpace(
    ("s1", "s2", "s3"), ["1", "s1", "s2", "s3", "s1 * s2", "s1 * s3", "s2 * s3", "s1 * s2 * s3"]
)


def test_features_expand_the_declared_interactions() -> None:
    assert (MIWAVES.state_dim, MIWAVES.feature_dim) == (3, 8)
    assert MIWAVES.features((1.0, 1.0, 0.0)).tolist() == [1, 1, 1, 0, 1, 0, 0, 0]
    assert MIWAVES.features((1.0, 1.0, 1.0)).tolist() == [1.0] * 8


def test_features_default_to_the_state_itself() -> None:
    space = DeclaredStateSpace(("intercept", "temperature"))
    assert space.feature_dim == 2
    assert space.features((1.0, 21.5)).tolist() == [1.0, 21.5]


def test_a_matrix_of_states_gives_each_row_its_features() -> None:
    states = np.random.default_rng(3).normal(size=(50, 3))
    matrix = MIWAVES.feature_matrix(states)
    assert matrix.shape == (50, 8)
    assert all(
        np.array_equal(MIWAVES.features(s), row) for s, row in zip(states, matrix, strict=True)
    )


def test_a_state_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(ValueError, match="expected 3"):
        MIWAVES.features((1.0, 0.0))
    with pytest.raises(ValueError, match="expected 3"):
        MIWAVES.feature_matrix(np.zeros((4, 2)))


def test_a_feature_that_is_not_a_finite_number_is_refused_by_its_place() -> None:
    space = DeclaredStateSpace(("a", "b"), ["a", "a / b"])
    assert space.features((1.0, 4.0)).tolist() == [1.0, 0.25]
    with pytest.raises(ValueError, match=r"feature 1 \(a / b\) is not a finite number"):
        space.feature_matrix([[1.0, 2.0], [1.0, 0.0]])


def test_every_algorithm_takes_a_declared_state_space() -> None:
    for name in ALGORITHMS:
        algorithm = get_algorithm(name, {}, states=MIWAVES)
        params = algorithm.initial_params()
        p = algorithm.probability(params, (1.0, 0.0, 1.0), "p1")
        assert 0.0 <= p <= 1.0
