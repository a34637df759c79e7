"""Decision algorithms for micro-randomized trials: pure numpy, no I/O.

Use `get_algorithm(config["name"], config)` with the study's `algorithm:` section (`actions`:
K, the number of actions, default 2), and optionally the study's state space.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import (
    Algorithm,
    Observation,
    Params,
    StateSpace,
    decode_params,
    draw_action,
    draw_from,
    encode_params,
    probability_vector,
)
from .blr_ts import BlrTs
from .flat import Flat
from .rebandit import ReBandit

ALGORITHMS: Mapping[str, type[Algorithm]] = {cls.name: cls for cls in (Flat, BlrTs, ReBandit)}

__all__ = [
    "ALGORITHMS",
    "Algorithm",
    "BlrTs",
    "Flat",
    "Observation",
    "Params",
    "ReBandit",
    "StateSpace",
    "decode_params",
    "draw_action",
    "draw_from",
    "encode_params",
    "get_algorithm",
    "probability_vector",
]


def get_algorithm(
    name: str, config: Mapping[str, Any], states: StateSpace | None = None
) -> Algorithm:
    try:
        cls = ALGORITHMS[name]
    except KeyError:
        raise ValueError(f"unknown algorithm {name!r}; known: {sorted(ALGORITHMS)}") from None
    return cls(config, states)
