"""Study simulator: a synthetic world with a known treatment effect, and an in-process runner
that applies the live service's decision and update maths to it."""

from __future__ import annotations

from .offline import flat_config, run_flat, run_offline, with_algorithm
from .participants import Participant
from .results import DecisionRecord, SimulationResult
from .world import World
from .world_config import ALL_STATES, WorldConfig, default_effects

__all__ = [
    "ALL_STATES",
    "DecisionRecord",
    "Participant",
    "SimulationResult",
    "World",
    "WorldConfig",
    "default_effects",
    "flat_config",
    "run_flat",
    "run_offline",
    "with_algorithm",
]
