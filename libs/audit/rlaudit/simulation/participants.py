"""Who takes part in a simulated study and when: start days spread over the enrollment period,
and a daily dropout hazard. Every world enrolls its participants this way."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ENROLLMENT, DROPOUT = 2, 3  # the purposes of their random streams (see World.rng)


@dataclass(frozen=True)
class Participant:
    id: str
    number: int
    start_day: int  # calendar day of their first decision
    dropout_day: int | None  # first own study day without decisions; None: never drops out


def enroll(seed: int, count: int, enrollment_days: int, hazard: float) -> tuple[Participant, ...]:
    """`count` participants p0, p1, ... (zero-padded), each from streams of their own."""
    width = len(str(count - 1))

    def one(n: int) -> Participant:
        start = int(np.random.default_rng([seed, n, 0, ENROLLMENT]).integers(enrollment_days))
        # geometric >= 1: they always take part on their first day.
        dropout = (
            int(np.random.default_rng([seed, n, 0, DROPOUT]).geometric(hazard))
            if hazard > 0
            else None
        )
        return Participant(f"p{n:0{width}d}", n, start, dropout)

    return tuple(one(n) for n in range(count))


def takes_part(p: Participant, day: int, days: int) -> bool:
    """Whether they take part on their own study day `day` (0 = their first day)."""
    return 0 <= day < days and (p.dropout_day is None or day < p.dropout_day)
