"""Synthetic MiWaves-like participants whose treatment effect per state is known exactly.

Timing: MiWaves asks for an action when a survey is completed, so the fields sent at decision i
are the answers observed after decision i - 1 (an untreated survey before the first one), and
`outcome` is what the window after decision i's action brings (see .ema for how the action
moves it).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from .ema import finish_probability, survey
from .participants import Participant, enroll, takes_part
from .world_config import ALL_STATES, StateKey, WorldConfig

# Callers build a world from here: its config and states come with it.
__all__ = ["ALL_STATES", "Participant", "World", "WorldConfig"]

Purpose = Literal["fields", "outcome"]  # 2 and 3 are enrollment's (.participants)
_PURPOSES = {"fields": 0, "outcome": 1}


def _key(state: tuple[float, ...]) -> StateKey:
    if len(state) != 3:
        raise ValueError(f"the world needs the MiWaves state (S1, S2, S3), got {state!r}")
    s1, s2, s3 = (round(v) for v in state)
    return (s1, s2, s3)


class World:
    """Deterministic given its config; remembers outcomes so the next request can report them,
    so use one World per simulated study."""

    def __init__(self, config: WorldConfig) -> None:
        self.config = c = config
        if c.seed < 0 or c.participants < 1 or c.days < 1 or c.enrollment_days < 1:
            raise ValueError("seed must be >= 0; participants, days, enrollment_days >= 1")
        for s in ALL_STATES:
            for action in (0, 1):
                if not 0.0 <= self._finish_probability(s, action) <= 1.0:
                    raise ValueError(f"effect {self.true_effect(s)} in state {s} is not reachable")
        self.participants = enroll(c.seed, c.participants, c.enrollment_days, c.dropout_hazard)
        self._by_id = {p.id: p for p in self.participants}
        self._outcomes: dict[tuple[str, int], dict[str, Any]] = {}

    def _rng(self, number: int, decision_index: int, purpose: Purpose) -> np.random.Generator:
        return np.random.default_rng([self.config.seed, number, decision_index, _PURPOSES[purpose]])

    def rng(self, pid: str, decision_index: int, purpose: Purpose) -> np.random.Generator:
        """The stream for one participant-decision: the same whatever policy runs the study, so
        two policies' outcomes differ only through their actions (common random numbers)."""
        return self._rng(self._by_id[pid].number, decision_index, purpose)

    def true_effect(self, state: tuple[float, ...]) -> float:
        """E[reward | action 1] - E[reward | action 0] in `state`."""
        return float(self.config.effects.get(_key(state), 0.0))

    def active(self, pid: str, day: int) -> bool:
        """Whether they take part on their own study day `day` (0 = their first day)."""
        return takes_part(self._by_id[pid], day, self.config.days)

    def fields(self, pid: str, decision_index: int, rng: np.random.Generator) -> dict[str, Any]:
        """Request fields at a decision: the previous outcome, else an untreated survey."""
        previous = self._outcomes.get((pid, decision_index - 1))
        return dict(previous) if previous is not None else self._survey((0, 1, 0), 0, rng)

    def outcome(
        self,
        pid: str,
        decision_index: int,
        state: tuple[float, ...],
        action: int,
        rng: np.random.Generator,
    ) -> dict[str, Any]:
        """The EMA answers from the window after the action; remembered for the next request."""
        answers = self._survey(_key(state), action, rng)
        self._outcomes[(pid, decision_index)] = answers
        return dict(answers)

    def _finish_probability(self, state: StateKey, action: int) -> float:
        return finish_probability(self.config, state, action, self.true_effect(state))

    def _survey(self, state: StateKey, action: int, rng: np.random.Generator) -> dict[str, Any]:
        return survey(self.config, self._finish_probability(state, action), rng)
