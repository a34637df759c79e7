"""Versioned notification times outside the stores: a change survives the JSON of the record
and of the participant cache, and an EMA record changes the times only when it is newer than
the latest change and says something new."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ingest.candidates import Candidate
from ingest.ema_times import ema_change, record_times
from rladapters.notification_times import TimesVersion, versions_of
from rladapters.participants import ParticipantView
from rldomain.schedule import ParticipantSchedule, StudyCalendar, TimesChange, WeekTimes

DETROIT = ZoneInfo("America/Detroit")
CALENDAR = StudyCalendar(timezone=DETROIT, windows=2)
REGISTERED: WeekTimes = ((900, 2000),) * 7
LATER: WeekTimes = ((1000, 2100),) * 7
EARLIER: WeekTimes = ((800, 1900),) * 7
START = date(2026, 3, 2)  # a Monday
CHANGED_AT = datetime(2026, 3, 3, 15, 30, tzinfo=UTC)  # Tuesday, between the day's windows


def view(*changes: TimesVersion) -> ParticipantView:
    return ParticipantView(
        study_id="miwaves",
        participant_id="p-1",
        status="STARTED",
        baseline={
            "morning_notification_time_start": [900] * 7,
            "evening_notification_time_start": [2000] * 7,
            "rl_start_date": START.isoformat(),
        },
        rl_start_date=START,
        rl_end_date=START + timedelta(days=29),
        times_changes=changes,
    )


def schedule(*changes: TimesChange) -> ParticipantSchedule:
    return ParticipantSchedule(START, START + timedelta(days=29), REGISTERED, changes)


def test_a_change_survives_the_records_json_and_the_caches() -> None:
    version = TimesVersion(CHANGED_AT, LATER, "api", "backend-client")
    assert versions_of([version.to_json()]) == (version,)
    participant = view(version)
    cached = ParticipantView.from_json(participant.to_json())
    assert cached == participant
    assert cached.schedule == schedule(TimesChange(CHANGED_AT, LATER))


def test_an_entry_cached_before_times_were_versioned_has_no_changes() -> None:
    old = view().to_json().replace(', "times_changes": []', "")
    assert "times_changes" not in old
    assert ParticipantView.from_json(old) == view()


def test_a_record_of_a_window_opened_after_the_latest_change_changes_the_times() -> None:
    changed = schedule(TimesChange(CHANGED_AT, LATER))
    opened, now = CHANGED_AT + timedelta(hours=6), CHANGED_AT + timedelta(hours=20)
    assert ema_change(CALENDAR, changed, opened, EARLIER, now) == EARLIER


def test_a_stale_record_never_rolls_a_newer_change_back() -> None:
    changed = schedule(TimesChange(CHANGED_AT, LATER))
    # Pulled late (by the sweep) for a window that opened before the change: the registration's
    # times it carries are what the app had then.
    opened, now = CHANGED_AT - timedelta(hours=2), CHANGED_AT + timedelta(days=2)
    assert ema_change(CALENDAR, changed, opened, REGISTERED, now) is None
    assert ema_change(CALENDAR, changed, CHANGED_AT, REGISTERED, now) is None  # not after


def test_a_record_carrying_the_times_in_force_changes_nothing() -> None:
    now = CHANGED_AT + timedelta(days=1)
    assert ema_change(CALENDAR, schedule(), CHANGED_AT, REGISTERED, now) is None
    changed = schedule(TimesChange(CHANGED_AT, LATER))
    assert ema_change(CALENDAR, changed, now, LATER, now) is None
    assert ema_change(CALENDAR, schedule(), CHANGED_AT, LATER, now) == LATER


def candidate(
    index: int, mornings: list[int], evenings: list[int], source: str = "pull"
) -> Candidate:
    record = {
        "morning_notification_time_start": mornings,
        "evening_notification_time_start": evenings,
    }
    return Candidate(source, f"e{index}", record, 1, 0.5, index, rid=index)


def test_the_windows_newest_record_says_the_times_and_bad_times_say_nothing() -> None:
    newest = candidate(4, [1000] * 7, [2100] * 7)
    older = candidate(3, [800] * 7, [1900] * 7)
    assert record_times([newest, older]) == LATER
    assert record_times([older]) == EARLIER
    evening_first = candidate(5, [2100] * 7, [1000] * 7)
    not_a_time = candidate(5, [975] * 7, [2100] * 7)
    assert record_times([older, evening_first]) is None
    assert record_times([not_a_time]) is None
    assert record_times([candidate(6, [1000] * 7, [2100] * 7, source="upload")]) is None
    assert record_times([]) is None
