"""What the study's daily summary and probability-by-state routes need: the counts
(rladapters.daily, rladapters.state_probabilities) and the service clock, which says what
"today" is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from rladapters.daily import Daily
from rladapters.state_probabilities import ByState


class DailyStore(Protocol):
    async def of_study(self, study_id: str, timezone: str, last: date, days: int) -> Daily: ...


@dataclass(frozen=True)
class DailyDeps:
    store: DailyStore
    now: Callable[[], datetime]


class ByStateStore(Protocol):
    async def of_study(self, study_id: str, timezone: str, last: date, days: int) -> ByState: ...


@dataclass(frozen=True)
class ByStateDeps:
    store: ByStateStore
    now: Callable[[], datetime]
