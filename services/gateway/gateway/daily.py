"""What the study's daily summary route needs: the counts (rladapters.daily) and the service
clock, which says what "today" is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from rladapters.daily import Daily


class DailyStore(Protocol):
    async def of_study(self, study_id: str, timezone: str, last: date, days: int) -> Daily: ...


@dataclass(frozen=True)
class DailyDeps:
    store: DailyStore
    now: Callable[[], datetime]
