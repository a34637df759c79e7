"""A study's probability of treatment by state, for its dashboard: the decisions the policy (or
its warm-up) made in the last days, not the fallback's (it has no state), grouped by their
stored state vector, each group's count, mean, lowest and highest probability. Grouped in SQL
and bounded: the TOP most frequent states, the rest summed into one "other" row.

A state with a continuous entry (a mean of rewards, a time of day) is rarely the same twice, so
most groups then hold one decision; `distinct` says how many states there were, and the page
shows the most frequent. Numbers and counts only, never answers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, cast, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session, sessionmaker

from rladapters.daily import study_days
from rlkernel.db.models import Decision

TOP = 24  # states shown one by one; the others are summed into the "other" row


@dataclass(frozen=True)
class StateGroup:
    state: list[float] | None  # the stored state; None for "other", the states past the TOP
    decisions: int
    mean_probability: float
    min_probability: float
    max_probability: float


@dataclass(frozen=True)
class ByState:
    groups: list[StateGroup]  # most decisions first, "other" (if any) last
    distinct: int  # states seen in the range: more than TOP when "other" is there
    decisions: int


class SqlStateProbabilities:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def of_study(self, study_id: str, timezone: str, last: date, days: int) -> ByState:
        """The `days` days (at most daily.MAX_DAYS) ending with `last`, a date in `timezone`."""
        return await asyncio.to_thread(self._load, study_id, timezone, last, days)

    def _load(self, study_id: str, timezone: str, last: date, days: int) -> ByState:
        _, start, end = study_days(timezone, last, days)
        # Stored as JSON, which has no equality in PostgreSQL; as jsonb two equal lists are one.
        state = cast(Decision.state, JSONB).label("state")
        groups = (
            select(
                state,
                func.count().label("n"),
                func.avg(Decision.probability).label("mean"),
                func.min(Decision.probability).label("low"),
                func.max(Decision.probability).label("high"),
            )
            .where(
                Decision.study_id == study_id,
                ~Decision.fallback,
                Decision.decided_at >= start,
                Decision.decided_at < end,
            )
            .group_by(state)
            .subquery()
        )
        ranked = select(
            groups,
            # Ties broken by the state itself, so the same decisions always show the same rows.
            func.row_number().over(order_by=(groups.c.n.desc(), groups.c.state)).label("rank"),
            func.count().over().label("distinct"),
        ).subquery()
        key = case((ranked.c.rank <= TOP, ranked.c.state))  # NULL: "other"
        n = func.sum(ranked.c.n)
        top = (
            select(
                key,
                n,
                func.sum(ranked.c.n * ranked.c.mean) / n,
                func.min(ranked.c.low),
                func.max(ranked.c.high),
                func.max(ranked.c.distinct),
            )
            .group_by(key)
            .order_by(func.min(ranked.c.rank))
        )
        with self.sessions() as session:
            rows = session.execute(top).all()
        found = [
            StateGroup(s, int(n), float(mean), float(low), float(high))
            for s, n, mean, low, high, _ in rows
        ]
        distinct = int(rows[0][5]) if rows else 0
        return ByState(found, distinct, sum(g.decisions for g in found))
