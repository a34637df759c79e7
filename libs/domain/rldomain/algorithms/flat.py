"""Flat randomisation: the same probability for everyone, never learns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .base import Algorithm, Observation, Params, check_params
from .observations import observation_columns


class Flat(Algorithm):
    name = "flat"

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        priors = config.get("priors") or {}
        self.p = float(priors.get("probability", 0.5))
        if not 0.0 <= self.p <= 1.0:
            raise ValueError(f"flat probability must lie in [0, 1], got {self.p}")

    def initial_params(self) -> Params:
        return {"algorithm": self.name, "version": 1, "probability": self.p}

    def probability(self, params: Params, state: Sequence[float], participant_id: str) -> float:
        check_params(params, self.name)
        p = float(params["probability"])
        return min(max(p, self.allocation.clip_low), self.allocation.clip_high)

    def update(
        self, params: Params, batch: Sequence[Observation], *, fit_hyperparameters: bool = False
    ) -> Params:
        check_params(params, self.name)
        observation_columns(batch)  # never learns, but a corrupt batch is still refused
        return dict(params)
