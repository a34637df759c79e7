"""Notification times from EMA records: MiWaves sends the participant's current morning and
evening times in every record. When a pulled window's records carry times other than those in
force, ingest records a change (source `miwaves_ema`), learnt at the service clock's now, as
the native route would (rladapters' `change_times`, under the participant's row lock).

A record pulled late (by the sweep, or a failed window re-pulled) carries the times its app had
back then: only a window that opened after the latest change may change the times, so a stale
record never rolls a newer change back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ingest.candidates import Candidate
from ingest.dependencies import IngestDeps
from rladapters.notification_times import announced_times
from rladapters.participants import ParticipantView
from rldomain.errors import Conflict
from rldomain.lifecycle import ENDED, WITHDRAWN
from rldomain.schedule import (
    ParticipantSchedule,
    StudyCalendar,
    WeekTimes,
    Window,
    clock_times,
    times_in_force,
)
from rldomain.study import Study
from rlkernel.logs import get_logger

log = get_logger(__name__)
ACTOR = "ingest"  # who changed the times, in the change and its audit entry


def follows_ema_times(study: Study) -> bool:
    """A study whose participants give two times a day, the two an EMA record carries."""
    return study.schedule.participant_times and study.schedule.windows == 2


def record_times(candidates: Sequence[Candidate]) -> WeekTimes | None:
    """The times the window's newest record carries (by decision index); None without a
    pulled record, or if its times are not mornings before evenings in HHMM."""
    pulled = [c for c in candidates if c.source == "pull"]
    if not pulled:
        return None
    record = max(pulled, key=lambda c: c.decision_index).record
    days = zip(
        record["morning_notification_time_start"],
        record["evening_notification_time_start"],
        strict=True,
    )
    try:
        return tuple(clock_times(day, "the record's notification times") for day in days)
    except ValueError:
        return None


def ema_change(
    calendar: StudyCalendar,
    schedule: ParticipantSchedule,
    opened: datetime,
    times: WeekTimes,
    now: datetime,
) -> WeekTimes | None:
    """`times`, if a record of the window that `opened` then should make them the
    participant's: the window opened after the latest change was learnt, and they differ from
    the times in force `now`. None otherwise."""
    if schedule.changes and opened <= schedule.changes[-1].at:
        return None  # stale: the app sent it before the latest change
    return None if times_in_force(calendar, schedule, now) == times else times


async def follow_times(
    deps: IngestDeps,
    study: Study,
    participant_id: str,
    window: Window,
    candidates: Sequence[Candidate],
) -> None:
    """Records the change the window's records carry, if any, and publishes it. Runs before
    the records are stored: a redelivered close finds the change made and adds none."""
    times = record_times(candidates) if follows_ema_times(study) else None
    if times is None:
        return
    calendar, now = StudyCalendar.of(study), deps.now()

    def propose(view: ParticipantView) -> WeekTimes | None:
        schedule = view.schedule
        if schedule is None or view.status in (ENDED, WITHDRAWN):
            return None
        return ema_change(calendar, schedule, window.start, times, now)

    try:
        done = await deps.change_times(study.id, participant_id, propose, now, "miwaves_ema", ACTOR)
    except Conflict as refused:  # too many changes kept: the records are stored all the same
        log.warning("notification_times_refused", study_id=study.id, code=refused.code)
        return
    if done is not None and done[1] is not None:
        await deps.publisher.publish(announced_times(study.id, participant_id, done[1]))
        log.info("notification_times_changed", study_id=study.id, participant_id=participant_id)
