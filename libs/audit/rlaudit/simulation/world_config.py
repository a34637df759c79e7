"""What a synthetic world is made of: its participants' number and pace, their EMA habits, and the
true treatment effect in each MiWaves state, the ground truth a policy's estimates are judged by."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

StateKey = tuple[int, int, int]  # MiWaves (S1 engaged, S2 evening, S3 no use and engaged now)
ALL_STATES: tuple[StateKey, ...] = tuple(product((0, 1), repeat=3))  # type: ignore[arg-type]


def default_effects() -> dict[StateKey, float]:
    """Engaged evenings help (+0.6 reward points); engaged mornings do nothing; prompting the
    disengaged costs a little (-0.1, burden): a policy must learn whom to treat and when."""
    return {s: (0.6 if s[1] else 0.0) if s[0] else -0.1 for s in ALL_STATES}


@dataclass(frozen=True)
class WorldConfig:
    participants: int = 100  # MiWaves enrolled about 120; fewer makes a flaky comparison
    days: int = 30  # decision days per participant
    decisions_per_day: int = 2
    enrollment_days: int = 7  # start days are uniform over the first `enrollment_days`
    effects: dict[StateKey, float] = field(default_factory=default_effects)  # missing: 0
    ema_completion: float = 0.4  # P(finish the EMA) untreated, when not engaged
    engagement_boost: float = 0.25  # added to it when engaged (S1 = 1)
    activity_yes: float = 0.5  # P(activity answer is yes | finished)
    app_use: float = 0.5  # P(app used | EMA not finished)
    cannabis_use: float = 0.6  # P(use reported | finished)
    dropout_hazard: float = 0.005  # per day, from the second study day on
    seed: int = 0
