"""Simulated MiWaves-style data for the algorithm tests (ids are random on purpose)."""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np

from rldomain.algorithms import Observation
from rldomain.algorithms.states import miwaves_features


def miwaves_config(name: str, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "name": name,
        "clip": {"low": 0.2, "high": 0.8},
        "allocation": {"l_min": 0.2, "l_max": 0.8, "b": 10 / 0.95, "c": 5},
        "state": "miwaves",
        "priors": {},
    }
    config.update(overrides)
    return config


def random_ids(rng: np.random.Generator, count: int) -> list[str]:
    return [str(uuid.UUID(bytes=rng.bytes(16))) for _ in range(count)]


def simulate(
    rng: np.random.Generator,
    thetas: dict[str, np.ndarray],
    n_obs: int,
    noise_var: float,
) -> list[Observation]:
    """n_obs decisions per participant with reward = design . theta_i + noise."""
    out = []
    for pid, theta in thetas.items():
        for _ in range(n_obs):
            state = tuple(float(v) for v in rng.integers(0, 2, size=3))
            pi = float(rng.uniform(0.2, 0.8))
            action = int(rng.random() < pi)
            f = miwaves_features(state)
            row = np.concatenate([f, pi * f, (action - pi) * f])
            reward = float(row @ theta + rng.normal(0.0, np.sqrt(noise_var)))
            out.append(Observation(pid, state, action, pi, reward))
    rng.shuffle(out)
    return out


def random_thetas(
    rng: np.random.Generator, count: int, pop: np.ndarray, sigma_u: np.ndarray
) -> dict[str, np.ndarray]:
    return {pid: pop + rng.normal(0.0, np.sqrt(sigma_u)) for pid in random_ids(rng, count)}
