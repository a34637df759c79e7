"""Which unclosed windows the sweep closes: those that ended at least the study's grace ago, by
each participant's own notification times."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ingest.sweep import Slot, due
from rldomain.schedule import ParticipantSchedule, StudyCalendar, window
from rlkernel.events import WindowClosed

TZ = ZoneInfo("America/Detroit")
CALENDAR = StudyCalendar(TZ, windows=2)  # MiWaves: times from each participant
START = date(2026, 3, 2)  # a Monday
GRACE = timedelta(minutes=60)


def schedule(morning: int, evening: int) -> ParticipantSchedule:
    return ParticipantSchedule(START, START + timedelta(days=29), ((morning, evening),) * 7)


EARLY = schedule(800, 1800)  # window 0 ends at 18:00
LATE = schedule(1000, 2100)  # window 0 ends at 21:00


def at(day: int, hhmm: int) -> datetime:
    return datetime(2026, 3, 2 + day, hhmm // 100, hhmm % 100, tzinfo=TZ)


def slot(index: int, who: ParticipantSchedule | None = EARLY, name: str = "early") -> Slot:
    return Slot(decision_id=index + 1, participant_id=name, decision_index=index, schedule=who)


def test_a_window_is_due_once_the_grace_has_passed_since_it_ended() -> None:
    assert due(CALENDAR, [slot(0)], at(0, 1859), GRACE) == []
    [(who, w)] = due(CALENDAR, [slot(0)], at(0, 1900), GRACE)
    assert (who, w.index, w.start, w.end) == ("early", 0, at(0, 800), at(0, 1800))


def test_each_participant_is_swept_by_their_own_times() -> None:
    slots = [slot(0, EARLY, "early"), slot(0, LATE, "late")]
    assert [who for who, _ in due(CALENDAR, slots, at(0, 2000), GRACE)] == ["early"]
    assert [who for who, _ in due(CALENDAR, slots, at(0, 2200), GRACE)] == ["early", "late"]


def test_an_evening_window_runs_to_the_next_morning() -> None:
    assert due(CALENDAR, [slot(1)], at(0, 2359), GRACE) == []
    assert due(CALENDAR, [slot(1)], at(1, 859), GRACE) == []
    [(_, w)] = due(CALENDAR, [slot(1)], at(1, 900), GRACE)
    assert (w.start, w.end) == (at(0, 1800), at(1, 800))


def test_the_grace_is_the_studys() -> None:
    assert due(CALENDAR, [slot(0)], at(0, 1830), timedelta(minutes=30)) != []
    assert due(CALENDAR, [slot(0)], at(0, 1830), timedelta(minutes=31)) == []


def test_a_participant_without_rl_dates_has_no_windows_to_sweep() -> None:
    assert due(CALENDAR, [slot(0, None)], at(5, 1200), GRACE) == []


def test_a_backends_close_is_on_the_log_as_before_and_a_swept_one_says_so() -> None:
    w = window(CALENDAR, EARLY, 0)
    backend = WindowClosed.of("miwaves", "early", w)
    assert "closed_by" not in backend.model_dump(mode="json")  # older consumers still read it
    assert WindowClosed.model_validate_json(backend.model_dump_json()).closed_by == "backend"
    swept = WindowClosed.of("miwaves", "early", w, closed_by="sweep")
    assert WindowClosed.model_validate_json(swept.model_dump_json()).closed_by == "sweep"
