"""Decision index from time alone: a missed or repeated 'window closed' cannot shift a slot.

MiWaves: two windows a day, counted from the RL start date. The morning window runs from the
day's morning notification time to its evening one; the evening window from there to the next
morning's time. Index = 2 * (days since RL start) + (0 morning, 1 evening).

A participant's windows come from two halves: the study's `StudyCalendar` (its time zone and
how many decisions each participant gets) and the participant's own `ParticipantSchedule`
(RL dates and notification times). Participants, or later a group of them, may share one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from rldomain.study import Study


@dataclass(frozen=True)
class Window:
    """A decision window: the one shape from the schedule, through windows.closed, to its row."""

    index: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class StudyCalendar:
    """The study's side of every schedule: the zone notification times are read in, and the
    number of decisions per participant (None: no limit)."""

    timezone: ZoneInfo
    decisions: int | None = None

    @classmethod
    def of(cls, study: Study) -> StudyCalendar:
        return cls(ZoneInfo(study.timezone), study.schedule.decisions_per_participant)


@dataclass(frozen=True)
class ParticipantSchedule:
    """One participant's side: RL dates, and per weekday (Monday first) the morning and evening
    notification times as 24-hour HHMM numbers (830 is 8:30)."""

    rl_start_date: date
    rl_end_date: date
    morning: tuple[int, ...]
    evening: tuple[int, ...]


def decision_index(
    calendar: StudyCalendar, participant: ParticipantSchedule, when: datetime
) -> int:
    """The participant's window containing `when`; -1 before their first."""
    p = participant
    return decision_index_at(when, p.rl_start_date, p.morning, p.evening, calendar.timezone)


def window(calendar: StudyCalendar, participant: ParticipantSchedule, index: int) -> Window:
    """Where the participant's window `index` starts and ends."""
    p = participant
    return window_bounds(p.rl_start_date, index, p.morning, p.evening, calendar.timezone)


def open_decision(
    calendar: StudyCalendar, participant: ParticipantSchedule, now: datetime
) -> int | None:
    """The window open now; None outside the participant's RL period (before the first window,
    after the RL end date, or past the study's last decision)."""
    index = decision_index(calendar, participant, now)
    last = calendar.decisions
    ended = now.astimezone(calendar.timezone).date() > participant.rl_end_date
    if index < 0 or ended or (last and index >= last):
        return None
    return index


def last_closed(calendar: StudyCalendar, participant: ParticipantSchedule, now: datetime) -> int:
    """The window that closed most recently, never past the study's last; -1 if none has."""
    current = decision_index(calendar, participant, now)
    return min(current, calendar.decisions or current) - 1


def has_closed(
    calendar: StudyCalendar, participant: ParticipantSchedule, index: int, now: datetime
) -> bool:
    return 0 <= index < decision_index(calendar, participant, now)


def _at(day: date, hhmm: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hhmm // 100, hhmm % 100), tzinfo=tz)


def window_bounds(
    rl_start: date, index: int, morning: Sequence[int], evening: Sequence[int], tz: ZoneInfo
) -> Window:
    day = rl_start + timedelta(days=index // 2)
    if index % 2 == 0:
        return Window(
            index, _at(day, morning[day.weekday()], tz), _at(day, evening[day.weekday()], tz)
        )
    nxt = day + timedelta(days=1)
    return Window(index, _at(day, evening[day.weekday()], tz), _at(nxt, morning[nxt.weekday()], tz))


def decision_index_at(
    when: datetime, rl_start: date, morning: Sequence[int], evening: Sequence[int], tz: ZoneInfo
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
