"""The interface every algorithm implements, plus the helpers all of them share."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from .allocation import AllocationConfig
from .codec import decode_params, encode_params
from .draw import seeded_uniform
from .observations import Observation
from .states import StateBuilder

__all__ = [
    "Algorithm",
    "Observation",
    "Params",
    "check_params",
    "decode_params",
    "draw_action",
    "encode_params",
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


def check_params(params: Params, name: str) -> None:
    """Refuse params written by another algorithm: mixing them up would be silent otherwise."""
    if params.get("algorithm") != name:
        raise ValueError(f"params belong to {params.get('algorithm')!r}, not {name!r}")


class Algorithm(ABC):
    """A policy: state builder, probability of treatment, and posterior update."""

    name: ClassVar[str]

    def __init__(self, config: Mapping[str, Any]) -> None:
        """`config` is the study's `algorithm:` section."""
        configured = config.get("name")
        if configured is not None and configured != self.name:
            raise ValueError(f"config names algorithm {configured!r}, not {self.name!r}")
        self.config: Mapping[str, Any] = config
        self.allocation = AllocationConfig.from_config(config)
        self.states = StateBuilder(config)

    @abstractmethod
    def initial_params(self) -> Params:
        """The policy from the priors, before any data."""

    def state(
        self, context: Mapping[str, Any], recent_rewards: Sequence[float]
    ) -> tuple[float, ...]:
        """State for a decision; `recent_rewards` are previous rewards, most recent last."""
        return self.states.build(context, recent_rewards)

    @abstractmethod
    def probability(self, params: Params, state: Sequence[float], participant_id: str) -> float:
        """Treatment probability, clipped to [clip.low, clip.high]; deterministic."""

    @abstractmethod
    def update(
        self, params: Params, batch: Sequence[Observation], *, fit_hyperparameters: bool = False
    ) -> Params:
        """New params after `batch`; never mutates `params`.

        Refuses (ValueError) a batch with a NaN or infinite state, reward or probability
        before touching anything (see observations.py).
        """
