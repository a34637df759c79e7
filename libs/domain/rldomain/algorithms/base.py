"""The interface every algorithm implements, plus the helpers all of them share."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Protocol

import numpy as np

from .allocation import AllocationConfig
from .codec import decode_params, encode_params
from .draw import seeded_uniform
from .observations import SUM_TOLERANCE, Observation, probability_vector
from .states import StateBuilder

__all__ = [
    "Algorithm",
    "Observation",
    "Params",
    "StateSpace",
    "check_params",
    "decode_params",
    "draw_action",
    "draw_from",
    "encode_params",
    "probability_vector",
]

# Values: np.ndarray, float, int, str, or nested dicts of those (see codec.py).
Params = dict[str, Any]

_MAX_SEED = 2**63


def draw_action(probability: float, seed: int) -> int:
    """Draw the action for one decision.

    THIS MUST NEVER CHANGE: stored (seed, probability) pairs are replayed to audit and
    reproduce past decisions, so any change to the generator, the comparison or the seed
    handling silently rewrites history. The uniform is specified in draw.py; it equals
    numpy's `default_rng(seed).random()`, which every stored decision was drawn with.
    """
    if not 0 <= seed < _MAX_SEED:
        raise ValueError(f"seed must be a 63-bit non-negative int, got {seed}")
    if not (math.isfinite(probability) and 0.0 <= probability <= 1.0):
        raise ValueError(f"probability must lie in [0, 1], got {probability}")
    return 1 if seeded_uniform(seed) < probability else 0


def draw_from(probabilities: Sequence[float], seed: int) -> int:
    """Draw one of the actions 0..K-1 with the slot's uniform u (see draw.py).

    Walking down from action K-1, the first action k with u < p_{K-1} + ... + p_k is drawn,
    else 0. For K = 2 that is draw_action(p_1, seed) exactly (1 iff u < p_1), so binary
    decisions replay unchanged; like draw_action, THIS MUST NEVER CHANGE.
    """
    if not 0 <= seed < _MAX_SEED:
        raise ValueError(f"seed must be a 63-bit non-negative int, got {seed}")
    if len(probabilities) < 2 or not all(
        math.isfinite(p) and 0.0 <= p <= 1.0 for p in probabilities
    ):
        raise ValueError(f"probabilities must be 2 or more in [0, 1], got {probabilities}")
    if abs(math.fsum(probabilities) - 1.0) > SUM_TOLERANCE:
        raise ValueError(f"probabilities must sum to 1, got {probabilities}")
    u = seeded_uniform(seed)
    cumulative = 0.0
    for action in range(len(probabilities) - 1, 0, -1):
        cumulative += probabilities[action]
        if u < cumulative:
            return action
    return 0


def check_params(params: Params, name: str, n_actions: int = 2) -> None:
    """Refuse params written by another algorithm, or for another number of actions: mixing
    them up would be silent otherwise. Params for K >= 3 say K; binary ones, as ever, do not."""
    if params.get("algorithm") != name:
        raise ValueError(f"params belong to {params.get('algorithm')!r}, not {name!r}")
    if params.get("actions", 2) != n_actions:
        raise ValueError(f"params are for {params.get('actions', 2)} actions, not {n_actions}")


def action_count(config: Mapping[str, Any]) -> int:
    """K, the number of actions (0 = no treatment), from `config["actions"]`, default 2."""
    k = config.get("actions", 2)
    if isinstance(k, bool) or not isinstance(k, int) or k < 2:
        raise ValueError(f"actions must be an integer of at least 2, got {k!r}")
    return k


class StateSpace(Protocol):
    """What an algorithm needs of a study's states: their width and their features. A
    StateBuilder is one; so is the study's declared state space, whose states the study
    builds itself."""

    @property
    def state_dim(self) -> int: ...

    @property
    def feature_dim(self) -> int: ...

    def features(self, state: Sequence[float]) -> np.ndarray: ...

    def feature_matrix(self, states: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray: ...


class Algorithm(ABC):
    """A policy over K >= 2 actions: states, action probabilities, and posterior update."""

    name: ClassVar[str]

    def __init__(self, config: Mapping[str, Any], states: StateSpace | None = None) -> None:
        """`config` is the study's `algorithm:` section, with `actions` (K) set by the study;
        `states` the study's state space (default: a StateBuilder configured by `config`)."""
        configured = config.get("name")
        if configured is not None and configured != self.name:
            raise ValueError(f"config names algorithm {configured!r}, not {self.name!r}")
        self.config: Mapping[str, Any] = config
        self.n_actions = action_count(config)
        self.allocation = AllocationConfig.from_config(config, self.n_actions)
        self.states: StateSpace = StateBuilder(config) if states is None else states

    @abstractmethod
    def initial_params(self) -> Params:
        """The policy from the priors, before any data."""

    def probability(self, params: Params, state: Sequence[float], participant_id: str) -> float:
        """P(action 1); for two actions clipped to [clip.low, clip.high]; deterministic."""
        if self.n_actions == 2:
            return self._binary_probability(params, state, participant_id)
        return self.probabilities(params, state, participant_id)[1]

    def probabilities(
        self, params: Params, state: Sequence[float], participant_id: str
    ) -> tuple[float, ...]:
        """The probabilities of actions 0..K-1; deterministic. For K = 2 exactly
        (1 - p, p) with p the binary allocation every stored binary decision used."""
        if self.n_actions == 2:
            p = self._binary_probability(params, state, participant_id)
            return (1.0 - p, p)
        return self._action_probabilities(params, state, participant_id)

    def check(self, params: Params) -> None:
        check_params(params, self.name, self.n_actions)

    @abstractmethod
    def _binary_probability(
        self, params: Params, state: Sequence[float], participant_id: str
    ) -> float:
        """P(action 1) of a study with two actions."""

    @abstractmethod
    def _action_probabilities(
        self, params: Params, state: Sequence[float], participant_id: str
    ) -> tuple[float, ...]:
        """The K probabilities of a study with K >= 3 actions."""

    @abstractmethod
    def update(
        self, params: Params, batch: Sequence[Observation], *, fit_hyperparameters: bool = False
    ) -> Params:
        """New params after `batch`; never mutates `params`.

        Refuses (ValueError) a batch with a NaN or infinite state, reward or probability, an
        action outside 0..K-1 or a bad probability vector before touching anything (see
        observations.py).
        """
