"""A participant's notification times, changed by their study's backend or an operator, and
listed as versions. A change is learnt now and never backdated: the windows already open keep
their times, and the schedule says which window is the first at the new ones
(rldomain.schedule), so no slot is shifted, skipped or decided twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from gateway.participants import not_found, windows_a_day
from rladapters.notification_times import TimesVersion, announced_times
from rladapters.participants import Participants, ParticipantView
from rldomain.errors import Conflict
from rldomain.lifecycle import ENDED, WITHDRAWN
from rldomain.schedule import (
    StudyCalendar,
    WeekTimes,
    Window,
    first_new_window,
    times_in_force,
    window,
)
from rldomain.study import Study
from rlkernel.publishing import Publishes


@dataclass(frozen=True)
class TimesDeps:
    participants: Participants
    publisher: Publishes  # bounded: a change stored while Kafka is away holds (503)
    now: Callable[[], datetime]  # the service clock


@dataclass(frozen=True)
class TimesChanged:
    """What a change did: the participant as they now are, and unless the times asked were in
    force already, the stored change and the first window that opens at them."""

    participant: ParticipantView
    version: TimesVersion | None
    first_new: Window | None


async def change(
    deps: TimesDeps, study: Study, participant_id: str, times: WeekTimes, actor: str
) -> TimesChanged:
    """Stores the change (with its audit entry, in one transaction), then publishes it."""
    if not study.schedule.participant_times:
        raise Conflict(
            "study_sets_times",
            f"study {study.id} does not take its participants' notification times",
        )
    calendar = StudyCalendar.of(study)
    windows_a_day(calendar, study, times, "invalid_times", "notification_times")
    now = deps.now()

    def propose(view: ParticipantView) -> WeekTimes | None:
        if view.status in (ENDED, WITHDRAWN):
            raise Conflict(
                "participant_ended", f"participant {participant_id} is {view.status}: no change"
            )
        schedule = view.schedule
        assert schedule is not None  # a study of participants' times registers their dates
        # Asked again (a retried PUT): nothing new to store.
        return None if times_in_force(calendar, schedule, now) == times else times

    done = await deps.participants.change_times(
        study.id, participant_id, propose, now, "api", actor
    )
    if done is None:
        raise not_found(study.id, participant_id)
    view, version = done
    if version is None:
        return TimesChanged(view, None, None)
    await deps.publisher.publish(announced_times(study.id, participant_id, version))
    schedule = view.schedule
    assert schedule is not None
    first = first_new_window(calendar, schedule, version.change)
    return TimesChanged(view, version, window(calendar, schedule, first))
