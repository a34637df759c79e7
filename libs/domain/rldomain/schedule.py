"""Decision index from time alone: a missed or repeated 'window closed' cannot shift a slot.

MiWaves: two windows a day, counted from the RL start date. The morning window runs from the
day's morning notification time to its evening one; the evening window from there to the next
morning's time. Index = 2 * (days since RL start) + (0 morning, 1 evening).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Window:
    """A decision window: the one shape from the schedule, through windows.closed, to its row."""

    index: int
    start: datetime
    end: datetime


def _at(day: date, hhmm: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hhmm // 100, hhmm % 100), tzinfo=tz)


def window_bounds(
    rl_start: date, index: int, morning: list[int], evening: list[int], tz: ZoneInfo
) -> Window:
    day = rl_start + timedelta(days=index // 2)
    if index % 2 == 0:
        return Window(
            index, _at(day, morning[day.weekday()], tz), _at(day, evening[day.weekday()], tz)
        )
    nxt = day + timedelta(days=1)
    return Window(index, _at(day, evening[day.weekday()], tz), _at(nxt, morning[nxt.weekday()], tz))


def decision_index_at(
    when: datetime, rl_start: date, morning: list[int], evening: list[int], tz: ZoneInfo
) -> int:
    """The window containing `when`; -1 before the first window (the RL start day's morning)."""
    local = when.astimezone(tz)
    day = local.date()
    weekday = day.weekday()
    days = (day - rl_start).days
    if local < _at(day, morning[weekday], tz):
        return 2 * (days - 1) + 1  # still the previous day's evening window
    if local < _at(day, evening[weekday], tz):
        return 2 * days
    return 2 * days + 1
