"""Decision index from time alone (MiWaves windows)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from rldomain.schedule import decision_index_at, window_bounds

TZ = ZoneInfo("America/Detroit")
START = date(2026, 3, 2)  # a Monday
MORNING = [830, 900, 900, 900, 900, 1000, 1000]
EVENING = [2030, 2100, 2100, 2100, 2100, 2200, 2200]


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
    assert decision_index_at(when, START, MORNING, EVENING, TZ) == index


def test_every_instant_of_a_window_maps_back_to_that_window() -> None:
    for index in range(14):
        w = window_bounds(START, index, MORNING, EVENING, TZ)
        assert decision_index_at(w.start, START, MORNING, EVENING, TZ) == index
        assert decision_index_at(w.end, START, MORNING, EVENING, TZ) == index + 1


def test_the_same_instant_in_another_zone_is_the_same_window() -> None:
    utc = at(0, 2031).astimezone(ZoneInfo("UTC"))
    assert decision_index_at(utc, START, MORNING, EVENING, TZ) == 1
