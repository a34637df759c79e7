"""The world a study file declares in its `simulation:` section (rldomain.simulation_world),
made to draw: the context each action request sends and the outcome record each window brings.

Deterministic given the seed. Each field of each participant-decision has a random stream of its
own, keyed (seed, participant, decision index, purpose, field position), and the action moves
only a threshold or a mean, never which numbers are drawn: two policies run on the same world
meet the same luck and differ only through their actions (common random numbers).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from rldomain.simulation_world import Draw
from rldomain.study import Study

from .participants import enroll, takes_part

CONTEXT, OUTCOME = 0, 1  # purposes of the streams; enrollment's are 2 and 3 (.participants)


class DeclaredWorld:
    """Remembers each window's outcome, which later requests may report (`from_outcome`), so use
    one per simulated run."""

    def __init__(
        self, study: Study, *, participants: int, days: int, enrollment_days: int, seed: int
    ) -> None:
        if study.simulation is None:
            raise ValueError(f"study {study.id!r} declares no simulation: section")
        if seed < 0 or participants < 1 or days < 1 or enrollment_days < 1:
            raise ValueError("seed must be >= 0; participants, days, enrollment_days >= 1")
        self.study, self.config, self.seed, self.days = study, study.simulation, seed, days
        if self.config.effect_sizes() - {study.n_actions}:
            raise ValueError(f"every effect needs one number per action ({study.n_actions})")
        self.participants = enroll(seed, participants, enrollment_days, self.config.dropout_hazard)
        self._by_id = {p.id: p for p in self.participants}
        self._outcomes: dict[tuple[str, int], dict[str, Any]] = {}

    def active(self, pid: str, day: int) -> bool:
        """Whether they take part on their own study day `day` (0 = their first day)."""
        return takes_part(self._by_id[pid], day, self.days)

    def context(self, pid: str, decision_index: int) -> dict[str, Any]:
        """The fields of the action request at this decision."""
        previous = self._outcomes.get((pid, decision_index - 1), {})
        out: dict[str, Any] = {}
        for n, (name, draw) in enumerate(self.config.context.items()):
            if draw.from_outcome is not None:
                out[name] = previous.get(draw.from_outcome, draw.initial)
            else:
                out[name] = _value(draw, 0.0, self._rng(pid, decision_index, CONTEXT, n))
        return out

    def outcome(
        self, pid: str, decision_index: int, context: Mapping[str, Any], action: int
    ) -> dict[str, Any]:
        """The record the window after `action` brings; remembered for the next request."""
        record = {
            name: _value(
                draw,
                self.effect(name, context, decision_index, action),
                self._rng(pid, decision_index, OUTCOME, n),
            )
            for n, (name, draw) in enumerate(self.config.outcome.items())
        }
        self._outcomes[(pid, decision_index)] = record
        return dict(record)

    def effect(
        self, field: str, context: Mapping[str, Any], decision_index: int, action: int
    ) -> float:
        """What `action` adds to the outcome field's mean or probability in this context: its
        effect, times the multiplier of each `effect_when` expression that holds."""
        effect = self.config.outcome[field].effect
        if effect is None:
            return 0.0
        names = {**context, **self._time_names(decision_index)}
        scale = 1.0
        for holds, multiplier in self.config.conditions[field]:
            if holds(names) is True:
                scale *= multiplier[action] if isinstance(multiplier, tuple) else multiplier
        return effect[action] * scale

    def reward(self, context: Mapping[str, Any], action: int, outcome: Mapping[str, Any]) -> float:
        """The study's own reward expression over the window's record."""
        reward = self.study.reward_of(outcome_record(context, action, outcome))
        if reward is None:
            raise ValueError(f"study {self.study.id!r}: its reward reads none from the world")
        return reward

    def _time_names(self, decision_index: int) -> dict[str, int | None]:
        """decision_index, and for daily schedules slot and day, as the study's state sees them."""
        windows = self.study.schedule.windows
        if windows is None:
            return {"decision_index": decision_index, "slot": None, "day": None}
        day, slot = divmod(decision_index, windows)
        return {"decision_index": decision_index, "slot": slot, "day": day}

    def _rng(self, pid: str, decision_index: int, purpose: int, field: int) -> np.random.Generator:
        number = self._by_id[pid].number
        return np.random.default_rng([self.seed, number, decision_index, purpose, field])


def outcome_record(
    context: Mapping[str, Any], action: int, outcome: Mapping[str, Any]
) -> dict[str, Any]:
    """A window's record as the native upload carries it (with the action's probability besides)
    and ingest hands it to the study's reward: so a reward reads `outcome.<field>`, `action`,
    `context.<field>`."""
    return {"context": dict(context), "action": action, "outcome": dict(outcome)}


def _value(draw: Draw, shift: float, rng: np.random.Generator) -> Any:
    """One draw; `shift` moves a bernoulli's probability or a normal's mean."""
    if draw.bernoulli is not None:
        return bool(rng.random() < draw.bernoulli + shift)
    if draw.normal is not None:
        mean, sd = draw.normal
        low = -np.inf if draw.min is None else draw.min
        high = np.inf if draw.max is None else draw.max
        return float(np.clip(mean + shift + sd * rng.standard_normal(), low, high))
    if draw.choice is not None:
        return draw.choice[int(rng.integers(len(draw.choice)))]
    if draw.uniform_int is not None:
        low, high = draw.uniform_int
        return int(rng.integers(low, high + 1))
    raise ValueError(f"a {draw.kind} field is not drawn")
