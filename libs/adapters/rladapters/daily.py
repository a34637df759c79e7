"""A study's days at a glance, for its dashboard: per day (in the study's time zone) the
decisions by outcome (policy or fallback), how many treated (an action other than the first,
"no action"), the mean probability of treatment and its spread; and the participants by
life-cycle state. Counted in SQL over a bounded range of days; ids and counts, never answers."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, cast, func, select
from sqlalchemy.orm import Session, sessionmaker

from rlkernel.db.models import Decision, Participant

MAX_DAYS = 366
QUANTILES = (0.1, 0.5, 0.9)  # the spread of the day's probabilities: Day.p10, median, p90


@dataclass(frozen=True)
class Day:
    day: date
    policy: int  # decisions the policy (or its warm-up) made
    fallback: int  # decisions the study's fallback made
    treated: int
    mean_probability: float | None  # these four are None on a day without decisions
    p10: float | None
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class Daily:
    days: list[Day]  # every day of the range, oldest first, empty days included
    participants: dict[str, int]  # life-cycle state -> participants in it now


class SqlDaily:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def of_study(self, study_id: str, timezone: str, last: date, days: int) -> Daily:
        """The `days` days ending with `last` (a date in `timezone`), at most MAX_DAYS."""
        return await asyncio.to_thread(self._load, study_id, timezone, last, days)

    def _load(self, study_id: str, timezone: str, last: date, days: int) -> Daily:
        first, start, end = study_days(timezone, last, days)
        day = cast(func.timezone(timezone, Decision.decided_at), Date)
        per_day = (
            select(
                day,
                func.count().filter(~Decision.fallback),
                func.count().filter(Decision.fallback),
                func.count().filter(Decision.action != 0),
                func.avg(Decision.probability),
                func.percentile_cont(list(QUANTILES)).within_group(Decision.probability),
            )
            .where(
                Decision.study_id == study_id,
                Decision.decided_at >= start,
                Decision.decided_at < end,
            )
            .group_by(day)
        )
        by_status = (
            select(Participant.status, func.count())
            .where(Participant.study_id == study_id)
            .group_by(Participant.status)
        )
        with self.sessions() as session:
            found = {row[0]: row[1:] for row in session.execute(per_day)}
            participants = {status: n for status, n in session.execute(by_status)}
        range_ = (first + timedelta(days=i) for i in range((last - first).days + 1))
        return Daily([_day(d, found.get(d)) for d in range_], participants)


def study_days(timezone: str, last: date, days: int) -> tuple[date, datetime, datetime]:
    """The first of the `days` days (at most MAX_DAYS) ending with `last`, and the instants the
    range starts and ends at: midnights in the study's time zone."""
    zone = ZoneInfo(timezone)
    first = last - timedelta(days=min(max(days, 1), MAX_DAYS) - 1)
    start = datetime.combine(first, time(), zone)
    return first, start, datetime.combine(last + timedelta(days=1), time(), zone)


def _day(d: date, row: Sequence[Any] | None) -> Day:
    if row is None:
        return Day(d, 0, 0, 0, None, None, None, None)
    policy, fallback, treated, mean, quantiles = row
    p10, median, p90 = (float(q) for q in quantiles)
    return Day(d, policy, fallback, treated, float(mean), p10, median, p90)
