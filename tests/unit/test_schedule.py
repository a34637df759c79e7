"""Decision index from time alone: MiWaves windows, then any daily schedule, then changed times."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rldomain.schedule import (
    EVERY_DAY,
    ParticipantSchedule,
    Schedule,
    StudyCalendar,
    TimesChange,
    WeekTimes,
    Window,
    decision_index,
    decision_index_at,
    first_new_window,
    last_decision_day,
    times_in_force,
    window,
    window_bounds,
)

TZ = ZoneInfo("America/Detroit")
START = date(2026, 3, 2)  # a Monday
MORNING = [830, 900, 900, 900, 900, 1000, 1000]
EVENING = [2030, 2100, 2100, 2100, 2100, 2200, 2200]
MIWAVES = tuple(zip(MORNING, EVENING, strict=True))


def at(day: int, hhmm: int) -> datetime:
    return datetime(2026, 3, 2 + day, hhmm // 100, hhmm % 100, tzinfo=TZ)


@pytest.mark.parametrize(
    ("when", "index"),
    [
        (at(0, 829), -1),  # before the first morning window
        (at(0, 830), 0),
        (at(0, 2029), 0),
        (at(0, 2030), 1),
        (at(1, 859), 1),  # Tuesday before its 9:00 morning: still Monday evening
        (at(1, 900), 2),
        (at(5, 2200), 11),  # Saturday evening uses Saturday's own times
    ],
)
def test_the_window_is_known_from_the_time_alone(when: datetime, index: int) -> None:
    assert decision_index_at(when, START, MIWAVES, TZ) == index


def test_every_instant_of_a_window_maps_back_to_that_window() -> None:
    for index in range(14):
        w = window_bounds(START, index, MIWAVES, TZ)
        assert decision_index_at(w.start, START, MIWAVES, TZ) == index
        assert decision_index_at(w.end, START, MIWAVES, TZ) == index + 1


def test_the_same_instant_in_another_zone_is_the_same_window() -> None:
    utc = at(0, 2031).astimezone(ZoneInfo("UTC"))
    assert decision_index_at(utc, START, MIWAVES, TZ) == 1


# MiWaves' windows as they were computed before schedules had N windows and weekdays: the
# reference the general schedule must reproduce exactly.
def _old_at(day: date, hhmm: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hhmm // 100, hhmm % 100), tzinfo=tz)


def old_window_bounds(
    rl_start: date, index: int, morning: Sequence[int], evening: Sequence[int], tz: ZoneInfo
) -> Window:
    day = rl_start + timedelta(days=index // 2)
    if index % 2 == 0:
        return Window(
            index,
            _old_at(day, morning[day.weekday()], tz),
            _old_at(day, evening[day.weekday()], tz),
        )
    nxt = day + timedelta(days=1)
    return Window(
        index, _old_at(day, evening[day.weekday()], tz), _old_at(nxt, morning[nxt.weekday()], tz)
    )


def old_decision_index_at(
    when: datetime, rl_start: date, morning: Sequence[int], evening: Sequence[int], tz: ZoneInfo
) -> int:
    local = when.astimezone(tz)
    day = local.date()
    weekday = day.weekday()
    days = (day - rl_start).days
    if local < _old_at(day, morning[weekday], tz):
        return 2 * (days - 1) + 1
    if local < _old_at(day, evening[weekday], tz):
        return 2 * days
    return 2 * days + 1


def hhmm(minute: int) -> int:
    return 100 * (minute // 60) + minute % 60


def day_times(n: int, first: int = 0) -> st.SearchStrategy[tuple[int, ...]]:
    """n strictly increasing HHMM times, from minute `first` of the day."""
    minutes = st.sets(st.integers(first, 24 * 60 - 1), min_size=n, max_size=n)
    return minutes.map(lambda m: tuple(hhmm(x) for x in sorted(m)))


# Start dates near Detroit's DST changes (8 March and 1 November 2026), and any other.
STARTS = st.one_of(
    st.sampled_from([date(2026, 3, 1), date(2026, 3, 6), date(2026, 10, 27), date(2026, 10, 31)]),
    st.dates(date(2025, 1, 1), date(2028, 12, 31)),
)


Drawn = tuple[date, WeekTimes, frozenset[int]]


@st.composite
def schedules(draw: st.DrawFn) -> Drawn:
    """A start date, per weekday N times (one set for every day, or each day its own), and
    the decision weekdays."""
    n = draw(st.integers(1, 24) if draw(st.booleans()) else st.integers(1, 4))
    times: WeekTimes
    if draw(st.booleans()):
        times = (draw(day_times(n)),) * 7
    else:
        times = tuple(draw(day_times(n)) for _ in range(7))
    weekdays = draw(st.just(EVERY_DAY) | st.frozensets(st.integers(0, 6), min_size=1))
    return draw(STARTS), times, weekdays


def instants(start: date, days: int) -> st.SearchStrategy[datetime]:
    """Any instant from a day before `start` to `days` after it, to the microsecond."""
    origin = datetime.combine(start, time(), TZ).astimezone(UTC)
    span = st.integers(-86_400 * 10**6, days * 86_400 * 10**6)
    return span.map(lambda us: origin + timedelta(microseconds=us))


@settings(max_examples=200, deadline=None)
@given(data=st.data(), schedule=schedules())
def test_the_window_of_an_instant_contains_it(data: st.DataObject, schedule: Drawn) -> None:
    start, times, weekdays = schedule
    when = data.draw(instants(start, 40))
    index = decision_index_at(when, start, times, TZ, weekdays)
    if index == -1:
        assert when < window_bounds(start, 0, times, TZ, weekdays).start
    else:
        w = window_bounds(start, index, times, TZ, weekdays)
        assert w.start <= when < w.end  # aware datetimes of different zones: real instants


@settings(max_examples=60, deadline=None)
@given(schedule=schedules())
def test_windows_follow_each_other_without_gaps_or_overlaps(
    schedule: Drawn,
) -> None:
    start, times, weekdays = schedule
    n = len(times[0])
    first = window_bounds(start, 0, times, TZ, weekdays)
    assert first.start.date() >= start and first.start.weekday() in weekdays
    previous = first
    for index in range(1, n * len(weekdays) * 2 + 2):  # two weeks and a bit
        w = window_bounds(start, index, times, TZ, weekdays)
        assert w.start == previous.end
        assert w.start <= w.end
        assert w.start.weekday() in weekdays
        if w.start < w.end:  # empty only when two times fall in an hour DST skips
            assert decision_index_at(w.start, start, times, TZ, weekdays) == index
            last = w.end.astimezone(UTC) - timedelta(microseconds=1)  # real time, not wall
            assert decision_index_at(last, start, times, TZ, weekdays) == index
        previous = w


def test_a_weekday_schedule_runs_friday_evening_to_monday_morning() -> None:
    times, weekdays = ((900, 1300, 1800),) * 7, frozenset(range(5))  # mon to fri
    friday_evening = window_bounds(START, 14, times, TZ, weekdays)  # day 4, third window
    assert friday_evening == Window(14, at(4, 1800), at(7, 900))
    assert decision_index_at(at(5, 1200), START, times, TZ, weekdays) == 14  # Saturday
    assert decision_index_at(at(7, 900), START, times, TZ, weekdays) == 15  # Monday


def test_a_time_the_clock_skips_opens_its_window_at_the_jump() -> None:
    sunday = date(2026, 3, 8)  # Detroit's clocks jump from 2:00 to 3:00
    w = window_bounds(sunday, 0, ((230, 1200),) * 7, TZ)
    assert w.start == datetime(2026, 3, 8, 3, 0, tzinfo=TZ)
    assert w.start.utcoffset() == timedelta(hours=-4)


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    start=STARTS,
    mornings=st.lists(day_times(2, first=3 * 60), min_size=7, max_size=7),
)
def test_miwaves_windows_are_the_ones_of_before(
    data: st.DataObject, start: date, mornings: list[tuple[int, int]]
) -> None:
    # Times from 3:00 on: the old code compared wall clocks, which is ambiguous only for times
    # inside the hours DST skips or repeats (in Detroit, 1:00 to 3:00).
    morning, evening = [m for m, _ in mornings], [e for _, e in mornings]
    times = tuple(mornings)
    when = data.draw(instants(start, 40))
    old = old_decision_index_at(when, start, morning, evening, TZ)
    assert decision_index_at(when, start, times, TZ) == max(-1, old)
    index = data.draw(st.integers(0, 80))
    assert window_bounds(start, index, times, TZ) == old_window_bounds(
        start, index, morning, evening, TZ
    )


def test_the_participant_and_the_study_make_the_schedule_together() -> None:
    study = Schedule(kind="daily", windows=3, times=["08:00", 1200, "1800"], days=10)
    weekdays = ("mon", "wed", "fri")
    calendar = StudyCalendar.of_schedule(study.model_copy(update={"weekdays": weekdays}), TZ)
    assert (calendar.windows, calendar.times, calendar.decisions) == (3, (800, 1200, 1800), 30)
    assert calendar.weekdays == frozenset({0, 2, 4})
    # Ten decision days from Monday 2 March: Mondays, Wednesdays and Fridays to 23 March.
    assert last_decision_day(calendar, START) == date(2026, 3, 23)
    participant = ParticipantSchedule(START, date(2026, 3, 23))
    assert decision_index(calendar, participant, at(2, 1300)) == 4  # Wednesday, second window
    assert window(calendar, participant, 5).end == at(4, 800)  # Wednesday 18:00 to Friday


def test_miwaves_study_takes_participant_times_for_thirty_days() -> None:
    miwaves = Schedule.model_validate(
        {"kind": "daily", "windows": 2, "times": "participant", "days": 30}
    )
    assert miwaves.participant_times and miwaves.scheduled
    assert miwaves.decisions_per_participant == 60


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "daily", "times": "participant"}, "needs windows and times"),
        ({"kind": "daily", "windows": 2}, "needs windows and times"),
        ({"kind": "daily", "windows": 2, "times": [900]}, "must list 2 times"),
        ({"kind": "daily", "windows": 2, "times": [900, 900]}, "strictly increasing"),
        ({"kind": "daily", "windows": 1, "times": [960]}, "24-hour HHMM"),
        ({"kind": "daily", "windows": 1, "times": ["9h"]}, "HHMM numbers"),
        ({"kind": "daily", "windows": 25, "times": "participant"}, "less than or equal to 24"),
        ({"kind": "daily", "windows": 1, "times": [900], "weekdays": ["mon", "mon"]}, "each once"),
        ({"kind": "daily", "windows": 1, "times": [900], "weekdays": []}, "at least one"),
        ({"kind": "client_indexed", "days": 3}, "takes no windows"),
    ],
)
def test_a_schedule_that_makes_no_sense_is_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Schedule.model_validate(fields)


# Changed notification times: a change never moves the past, and the windows stay a gapless
# sequence numbered as before.


def changed(start: date, times: WeekTimes, *changes: TimesChange) -> ParticipantSchedule:
    return ParticipantSchedule(start, start + timedelta(days=60), times, changes)


def test_a_change_at_midday_moves_this_evenings_window() -> None:
    calendar = StudyCalendar(TZ, windows=2)
    evening_at_seven = tuple((m, 1900) for m in MORNING)
    p = changed(START, MIWAVES, TimesChange(at(0, 1400), evening_at_seven))
    assert window(calendar, p, 0) == Window(0, at(0, 830), at(0, 1900))
    assert window(calendar, p, 1) == Window(1, at(0, 1900), at(1, 900))
    assert decision_index(calendar, p, at(0, 1930)) == 1
    assert first_new_window(calendar, p, p.changes[0]) == 1


def test_a_change_to_a_time_already_past_waits_for_the_next_day() -> None:
    calendar = StudyCalendar(TZ, windows=2)
    evening_at_one = tuple((m, 1300) for m in MORNING)
    p = changed(START, MIWAVES, TimesChange(at(0, 1400), evening_at_one))
    assert window(calendar, p, 1) == Window(1, at(0, 2030), at(1, 900))  # as before
    assert window(calendar, p, 3) == Window(3, at(1, 1300), at(2, 900))  # the new time
    assert decision_index(calendar, p, at(0, 1930)) == 0
    assert first_new_window(calendar, p, p.changes[0]) == 2


def test_a_change_keeps_the_count_of_later_days() -> None:
    calendar = StudyCalendar(TZ, windows=2)
    earlier = tuple((700, 1800) for _ in range(7))
    p = changed(START, MIWAVES, TimesChange(at(3, 2200), earlier))
    assert decision_index(calendar, p, at(5, 705)) == 10  # Saturday's morning, at 7:00 now
    assert decision_index(calendar, p, at(5, 659)) == 9
    assert times_in_force(calendar, p, at(3, 2159)) == MIWAVES
    assert times_in_force(calendar, p, at(3, 2200)) == earlier


@pytest.mark.parametrize(
    ("times", "changes", "message"),
    [
        (None, (TimesChange(at(0, 1200), MIWAVES),), "only where the participant gave them"),
        (MIWAVES, (TimesChange(at(0, 1200), MIWAVES[:6]),), "seven days"),
        (MIWAVES, (TimesChange(at(0, 1200), ((900,),) * 7),), "number of windows"),
        (
            MIWAVES,
            (TimesChange(at(1, 1200), MIWAVES), TimesChange(at(0, 1200), MIWAVES)),
            "oldest first",
        ),
    ],
)
def test_changes_that_make_no_sense_are_refused(
    times: WeekTimes | None, changes: tuple[TimesChange, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ParticipantSchedule(START, START + timedelta(days=30), times, changes)


@st.composite
def changes_of(draw: st.DrawFn, start: date, n: int) -> tuple[TimesChange, ...]:
    """One to three changes to N times a day, made within the participant's first 3 weeks."""
    made = sorted(draw(st.lists(instants(start, 21), min_size=1, max_size=3)))
    weeks = [
        (draw(day_times(n)),) * 7
        if draw(st.booleans())
        else tuple(draw(day_times(n)) for _ in range(7))
        for _ in made
    ]
    return tuple(TimesChange(when, week) for when, week in zip(made, weeks, strict=True))


def windows_of(
    start: date, times: WeekTimes, weekdays: frozenset[int], changes: tuple[TimesChange, ...]
) -> list[Window]:
    """The first four weeks of windows (as many as 4 weeks of decision days hold)."""
    count = len(times[0]) * len(weekdays) * 4
    return [window_bounds(start, i, times, TZ, weekdays, changes) for i in range(count)]


@settings(max_examples=150, deadline=None)
@given(data=st.data(), schedule=schedules())
def test_a_change_never_moves_a_window_that_had_opened(
    data: st.DataObject, schedule: Drawn
) -> None:
    start, times, weekdays = schedule
    changes = data.draw(changes_of(start, len(times[0])))
    before = windows_of(start, times, weekdays, changes[:-1])
    after = windows_of(start, times, weekdays, changes)
    last = changes[-1].at
    for old, new in zip(before, after, strict=True):
        if old.start <= last:
            assert new.start == old.start
        if old.end <= last:
            assert new.end == old.end


@settings(max_examples=150, deadline=None)
@given(data=st.data(), schedule=schedules())
def test_changed_windows_follow_each_other_and_map_back_to_their_index(
    data: st.DataObject, schedule: Drawn
) -> None:
    start, times, weekdays = schedule
    changes = data.draw(changes_of(start, len(times[0])))
    ws = windows_of(start, times, weekdays, changes)
    for previous, w in pairwise(ws):
        assert w.start == previous.end
    for w in ws:
        if w.start < w.end:  # empty only when two times fall in an hour DST skips
            assert decision_index_at(w.start, start, times, TZ, weekdays, changes) == w.index
            last = w.end.astimezone(UTC) - timedelta(microseconds=1)
            assert decision_index_at(last, start, times, TZ, weekdays, changes) == w.index


@settings(max_examples=150, deadline=None)
@given(data=st.data(), schedule=schedules())
def test_from_its_first_new_window_on_a_change_is_the_schedule(
    data: st.DataObject, schedule: Drawn
) -> None:
    start, times, weekdays = schedule
    change = data.draw(changes_of(start, len(times[0])))[0]
    calendar = StudyCalendar(TZ, len(times[0]), weekdays)
    p = ParticipantSchedule(start, start + timedelta(days=60), times, (change,))
    first = first_new_window(calendar, p, change)
    old = windows_of(start, times, weekdays, ())
    new_only = windows_of(start, change.times, weekdays, ())
    for w in windows_of(start, times, weekdays, (change,)):
        if w.index < first:
            assert w.start == old[w.index].start
        elif w.index > first:  # the first's own start is new; its end may be
            assert w == new_only[w.index]
    if first < len(old):
        assert window(calendar, p, first).start == new_only[first].start
        assert new_only[first].start > change.at
