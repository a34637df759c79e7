"""Decision index from time alone: a missed or repeated 'window closed' cannot shift a slot.

A daily schedule has N windows on each decision day (every day, or the weekdays the study
lists), counted from the participant's RL start date. Window k of a decision day runs from its
notification time to window k+1's; the last one to the next decision day's first time (with
weekdays mon..fri, Friday evening's window runs to Monday morning). So

    index = N * (decision days before this one since the RL start) + position in its day.

MiWaves is N = 2 with each participant's own morning and evening times per weekday.

A participant's windows come from two halves: the study's `StudyCalendar` (time zone, windows
a day, decision weekdays, fixed times if the study sets them, decisions per participant) and the
participant's own `ParticipantSchedule` (RL dates, and their notification times if the study
takes them from participants). Participants, or later a group of them, may share one.

A participant may change their times (`TimesChange`, oldest first): a change never moves the
past. Windows that opened before it keep their times; the day's windows not yet opened take the
new times if all of those are still ahead, otherwise the change starts with the next decision
day. Each day still has N windows, so the index arithmetic above is unchanged; only the times
of a day (and the end of the window open at the change) follow the version in force.

Times are instants, not wall clocks: a notification time the clock skips on a day (a DST jump
forward) happens at the jump, one the clock shows twice at its first occurrence. Boundaries
then never run backwards in time, though a window inside a skipped hour can be empty.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal, Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:
    from rldomain.study import Study

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = frozenset(range(7))  # date.weekday() numbers, Monday = 0
MAX_WINDOWS = 24
# Per weekday, Monday first, the notification times (HHMM) that open each of a day's windows.
WeekTimes = tuple[tuple[int, ...], ...]


def clock_times(times: Sequence[int], what: str) -> tuple[int, ...]:
    """`times` if each is a 24-hour HHMM time (830 is 8:30) and each is later than the one
    before; a ValueError naming `what` otherwise (never the values: they may be health data)."""
    if not all(isinstance(t, int) and 0 <= t <= 2359 and t % 100 < 60 for t in times):
        raise ValueError(f"{what} must be 24-hour HHMM times like 830 or 2030")
    if any(later <= earlier for earlier, later in pairwise(times)):
        raise ValueError(f"{what} must be strictly increasing within a day")
    return tuple(times)


_CLOCK = re.compile(r"([01]?\d|2[0-3]):?([0-5]\d)")


class Schedule(BaseModel):
    """When a study decides.

    `daily`: `windows` decision windows on each decision day, opening at `times` (the study's
    own, the same for everyone, or `participant`: each participant's, given at registration),
    on the listed `weekdays` (default every day), for `days` decision days per participant (no
    limit without). A study file may write a time as 830 or "08:30" (YAML reads an unquoted
    0830 as text but 0700 as an octal number, so quote times with a leading zero).
    `client_indexed`: the caller says which decision it is (JustIn's decision_idx)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["daily", "client_indexed"]
    windows: int | None = Field(default=None, ge=1, le=MAX_WINDOWS)
    times: Literal["participant"] | tuple[int, ...] | None = None
    days: int | None = Field(default=None, ge=1)
    weekdays: tuple[Weekday, ...] | None = None  # None: every day

    @field_validator("times", mode="before")
    @classmethod
    def _written_times(cls, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            return value
        return [_hhmm(v) if isinstance(v, str) else v for v in value]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.kind == "client_indexed":
            if self.windows or self.times or self.days or self.weekdays:
                raise ValueError(
                    "a client_indexed schedule takes no windows, times, days or weekdays"
                )
            return self
        if self.windows is None or self.times is None:
            raise ValueError("a daily schedule needs windows and times")
        if self.times != "participant":
            if len(self.times) != self.windows:
                raise ValueError(f"times must list {self.windows} times, one per window")
            clock_times(self.times, "times")
        listed = self.weekdays
        if listed is not None and (not listed or len(set(listed)) != len(listed)):
            raise ValueError("weekdays must list at least one day, each once")
        return self

    @property
    def scheduled(self) -> bool:
        """True when the time says which decision it is (a daily schedule)."""
        return self.kind == "daily"

    @property
    def participant_times(self) -> bool:
        """True when each participant gives their own notification times."""
        return self.times == "participant"

    @property
    def decisions_per_participant(self) -> int | None:
        return self.windows * self.days if self.windows and self.days else None


def _hhmm(text: str) -> int:
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError("times must be HHMM numbers like 830 or texts like '08:30'")
    return int(match[1]) * 100 + int(match[2])


@dataclass(frozen=True)
class Window:
    """A decision window: the one shape from the schedule, through windows.closed, to its row."""

    index: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class StudyCalendar:
    """The study's side of every schedule: the zone times are read in, the windows a decision
    day has, which weekdays are decision days, the study's fixed notification times (None: each
    participant's own) and the decisions per participant (None: no limit)."""

    timezone: ZoneInfo
    windows: int
    weekdays: frozenset[int] = EVERY_DAY
    times: tuple[int, ...] | None = None
    decisions: int | None = None

    @classmethod
    def of(cls, study: Study) -> StudyCalendar:
        return cls.of_schedule(study.schedule, ZoneInfo(study.timezone))

    @classmethod
    def of_schedule(cls, schedule: Schedule, timezone: ZoneInfo) -> StudyCalendar:
        if schedule.windows is None:
            raise ValueError("a client_indexed schedule has no calendar")
        return cls(
            timezone=timezone,
            windows=schedule.windows,
            weekdays=frozenset(WEEKDAYS.index(d) for d in schedule.weekdays or WEEKDAYS),
            times=None if schedule.times == "participant" else schedule.times,
            decisions=schedule.decisions_per_participant,
        )


@dataclass(frozen=True)
class TimesChange:
    """New notification times (per weekday, Monday first), in force from `at`: the aware instant
    rl-service learnt them, never backdated."""

    at: datetime
    times: WeekTimes


@dataclass(frozen=True)
class ParticipantSchedule:
    """One participant's side: RL dates and, when the study takes them from participants, per
    weekday (Monday first) the N notification times as 24-hour HHMM numbers (830 is 8:30), then
    the changes they made to them, oldest first."""

    rl_start_date: date
    rl_end_date: date
    times: WeekTimes | None = None
    changes: tuple[TimesChange, ...] = ()

    def __post_init__(self) -> None:
        if not self.changes:
            return
        if self.times is None:
            raise ValueError("times can change only where the participant gave them")
        if any(len(c.times) != 7 for c in self.changes):
            raise ValueError("a change of times gives seven days, Monday first")
        if {len(day) for c in self.changes for day in c.times} != {len(self.times[0])}:
            raise ValueError("a change of times keeps the number of windows a day")
        if any(b.at < a.at for a, b in pairwise(self.changes)):
            raise ValueError("changes of times are listed oldest first")


def week_times(calendar: StudyCalendar, participant: ParticipantSchedule) -> WeekTimes:
    """The participant's times per weekday: their own, or the study's on every day."""
    if participant.times is not None:
        return participant.times
    if calendar.times is None:
        raise ValueError("the study takes notification times from participants: none given")
    return (calendar.times,) * 7


def decision_index(
    calendar: StudyCalendar, participant: ParticipantSchedule, when: datetime
) -> int:
    """The participant's window containing `when`; -1 before their first."""
    times = week_times(calendar, participant)
    return decision_index_at(
        when,
        participant.rl_start_date,
        times,
        calendar.timezone,
        calendar.weekdays,
        participant.changes,
    )


def window(calendar: StudyCalendar, participant: ParticipantSchedule, index: int) -> Window:
    """Where the participant's window `index` starts and ends."""
    times = week_times(calendar, participant)
    return window_bounds(
        participant.rl_start_date,
        index,
        times,
        calendar.timezone,
        calendar.weekdays,
        participant.changes,
    )


def times_in_force(
    calendar: StudyCalendar, participant: ParticipantSchedule, when: datetime
) -> WeekTimes:
    """The latest times the participant gave by `when` (their current preference, even where
    the change waits for the next decision day)."""
    latest = week_times(calendar, participant)
    for change in participant.changes:
        if change.at > when:
            break
        latest = change.times
    return latest


def first_new_window(
    calendar: StudyCalendar, participant: ParticipantSchedule, change: TimesChange
) -> int:
    """The first window that opens at `change`'s times (`participant` holds the change): the
    next one today if the change applies today, else the next decision day's first."""
    tz, start, n = calendar.timezone, participant.rl_start_date, calendar.windows
    day = max(change.at.astimezone(tz).date(), start)
    earlier = tuple(c for c in participant.changes if c.at < change.at)
    before = _day_times(week_times(calendar, participant), earlier, day, tz, calendar.weekdays)
    days_before = _decision_days(start, day, calendar.weekdays)
    if day.weekday() in calendar.weekdays:
        opened = _mixed(day, before, change.times[day.weekday()], change.at, tz)[1]
        if opened is not None:
            return n * days_before + opened
        days_before += 1
    return n * days_before


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


def last_decision_day(calendar: StudyCalendar, rl_start: date) -> date | None:
    """The date of a participant's last decision day, starting on `rl_start`: their default RL
    end date. None when the study sets no length."""
    if calendar.decisions is None:
        return None
    return _decision_day(rl_start, calendar.decisions // calendar.windows - 1, calendar.weekdays)


def decision_index_at(
    when: datetime,
    rl_start: date,
    times: Sequence[Sequence[int]],
    tz: ZoneInfo,
    weekdays: frozenset[int] = EVERY_DAY,
    changes: Sequence[TimesChange] = (),
) -> int:
    """The window containing `when`; -1 before the first window (the first decision day's first
    time). On the action path: constant work, whatever the day (and the participant's changes
    of times, a handful)."""
    day = when.astimezone(tz).date()
    if day < rl_start:
        return -1
    before = _decision_days(rl_start, day, weekdays)
    opened = 0  # of today's windows, how many have opened by `when`
    if day.weekday() in weekdays:
        today = _day_times(times, changes, day, tz, weekdays)
        opened = _opened(day, today, when, tz)
    # Before today's first window (or on a day without decisions): the previous decision day's
    # last window, which is -1 before the first.
    return len(times[0]) * before + opened - 1


def window_bounds(
    rl_start: date,
    index: int,
    times: Sequence[Sequence[int]],
    tz: ZoneInfo,
    weekdays: frozenset[int] = EVERY_DAY,
    changes: Sequence[TimesChange] = (),
) -> Window:
    day_number, position = divmod(index, len(times[0]))
    day = _decision_day(rl_start, day_number, weekdays)
    today = _day_times(times, changes, day, tz, weekdays)
    if position + 1 < len(today):
        return Window(index, _at(day, today[position], tz), _at(day, today[position + 1], tz))
    following = _decision_day(rl_start, day_number + 1, weekdays)
    end = _at(following, _day_times(times, changes, following, tz, weekdays)[0], tz)
    return Window(index, _at(day, today[position], tz), end)


def _day_times(
    times: Sequence[Sequence[int]],
    changes: Sequence[TimesChange],
    day: date,
    tz: ZoneInfo,
    weekdays: frozenset[int],
) -> Sequence[int]:
    """The times `day`'s windows open at under the versions in force: the latest change made
    before that day, then the ones made on it, each applied to the windows not yet opened."""
    today = times[day.weekday()]
    for change in changes:
        made_on = change.at.astimezone(tz).date()
        if made_on > day:
            break
        new = change.times[day.weekday()]
        if made_on < day or day.weekday() not in weekdays:
            today = new
        else:
            today = _mixed(day, today, new, change.at, tz)[0]
    return today


def _mixed(
    day: date, old: Sequence[int], new: Sequence[int], at: datetime, tz: ZoneInfo
) -> tuple[Sequence[int], int | None]:
    """`day`'s times after a change at `at` on that day, and how many windows had opened (None
    when the change waits for the next decision day: a new time for a window not yet opened has
    already passed). Opened windows keep their times, so the past never moves; the new ones are
    all after `at`, hence after every opened one: the day's times stay increasing."""
    opened = _opened(day, old, at, tz)
    utc = at.astimezone(UTC)
    if all(_utc_at(day, t, tz) > utc for t in new[opened:]):
        return (*old[:opened], *new[opened:]), opened
    return old, None


def _opened(day: date, times: Sequence[int], when: datetime, tz: ZoneInfo) -> int:
    """How many of `day`'s windows, opening at `times`, have opened by `when`."""
    utc = when.astimezone(UTC)
    return bisect_right(times, utc, key=lambda t: _utc_at(day, t, tz))


def _decision_days(rl_start: date, day: date, weekdays: frozenset[int]) -> int:
    """How many decision days lie in [rl_start, day): whole weeks, then the rest (< 7 days)."""
    if len(weekdays) == 7:
        return (day - rl_start).days
    weeks, rest = divmod((day - rl_start).days, 7)
    first = rl_start.weekday()
    return weeks * len(weekdays) + sum((first + i) % 7 in weekdays for i in range(rest))


def _decision_day(rl_start: date, number: int, weekdays: frozenset[int]) -> date:
    """The date of decision day `number` (0: the first on or after rl_start)."""
    first = rl_start.weekday()
    # The days after rl_start of each decision day in its first week; every week repeats them.
    offsets = [i for i in range(7) if (first + i) % 7 in weekdays]
    weeks, nth = divmod(number, len(offsets))
    return rl_start + timedelta(days=7 * weeks + offsets[nth])


def _at(day: date, hhmm: int, tz: ZoneInfo) -> datetime:
    """HHMM on `day` as an instant in `tz`: a time the clock skips that day is the moment of
    the jump (the first minute that exists after it); a time it shows twice, the first one."""
    wall = datetime.combine(day, time(hhmm // 100, hhmm % 100))
    while not _exists(wall, tz):
        wall += timedelta(minutes=1)
    return wall.replace(tzinfo=tz)  # fold 0: the first of a repeated time


@lru_cache(maxsize=8192)
def _utc_at(day: date, hhmm: int, tz: ZoneInfo) -> datetime:
    """`_at` in UTC, to compare as instants. Cached: the action path asks for the same few days
    and times again and again, and resolving a local time costs microseconds."""
    return _at(day, hhmm, tz).astimezone(UTC)


def _exists(wall: datetime, tz: ZoneInfo) -> bool:
    """Whether the clocks of `tz` show `wall` (a time inside a DST jump forward comes back
    from UTC as another)."""
    return wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall
