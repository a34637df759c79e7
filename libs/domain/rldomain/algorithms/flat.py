"""Flat randomisation: the same probabilities for everyone, never learns.

Two actions: `priors.probability` (P(action 1), default 0.5), clipped when used, as ever.
K actions: `priors.probabilities` (K of them summing to 1, default uniform), each at least
clip.low; for two actions `probabilities` may stand for `probability` (its entry 1).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .base import Algorithm, Observation, Params, StateSpace
from .observations import SUM_TOLERANCE, observation_columns


class Flat(Algorithm):
    name = "flat"

    def __init__(self, config: Mapping[str, Any], states: StateSpace | None = None) -> None:
        super().__init__(config, states)
        priors = config.get("priors") or {}
        if "probabilities" in priors and "probability" in priors:
            raise ValueError("flat takes priors.probability or priors.probabilities, not both")
        k = self.n_actions
        if "probability" in priors and k >= 3:
            raise ValueError(f"with {k} actions flat needs priors.probabilities, one per action")
        if "probabilities" in priors:
            self.ps = tuple(float(p) for p in priors["probabilities"])
        elif k == 2:
            p = float(priors.get("probability", 0.5))
            self.ps = (1.0 - p, p)
        else:
            self.ps = (1.0 / k,) * k
        if len(self.ps) != k or abs(math.fsum(self.ps) - 1.0) > SUM_TOLERANCE:
            raise ValueError(f"flat probabilities need {k} numbers summing to 1, got {self.ps}")
        self.p = self.ps[1]
        if not 0.0 <= self.p <= 1.0:
            raise ValueError(f"flat probability must lie in [0, 1], got {self.p}")
        low = self.allocation.clip_low
        if k >= 3 and not all(low <= p <= 1.0 for p in self.ps):
            raise ValueError(f"flat probabilities must each lie in [{low}, 1], got {self.ps}")

    def initial_params(self) -> Params:
        if self.n_actions == 2:
            return {"algorithm": self.name, "version": 1, "probability": self.p}
        k, ps = self.n_actions, np.array(self.ps)
        return {"algorithm": self.name, "version": 1, "actions": k, "probabilities": ps}

    def _binary_probability(
        self, params: Params, state: Sequence[float], participant_id: str
    ) -> float:
        self.check(params)
        p = float(params["probability"])
        return min(max(p, self.allocation.clip_low), self.allocation.clip_high)

    def _action_probabilities(
        self, params: Params, state: Sequence[float], participant_id: str
    ) -> tuple[float, ...]:
        self.check(params)
        return tuple(float(p) for p in params["probabilities"])

    def update(
        self, params: Params, batch: Sequence[Observation], *, fit_hyperparameters: bool = False
    ) -> Params:
        self.check(params)
        observation_columns(batch, self.n_actions)  # never learns, but a bad batch is refused
        return dict(params)
