"""Participant use cases: registration, look-up, life-cycle changes (the review's end among
them), and for the study team a study's participants by status and each one's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gateway.schemas import Baseline
from rladapters.participant_history import (
    ParticipantFilter,
    ParticipantSummary,
    StatusRecord,
    announced,
)
from rladapters.participants import Participants, ParticipantView
from rldomain.errors import Conflict, Invalid, NotFound
from rldomain.lifecycle import REGISTERED, checked_move
from rldomain.schedule import StudyCalendar, WeekTimes, last_decision_day
from rldomain.study import Study
from rlkernel.publishing import Publishes


async def register(
    participants: Participants, study: Study, participant_id: str, baseline: Baseline | None
) -> ParticipantView:
    rl_end_date = baseline.rl_end_date if baseline else None
    if study.schedule.scheduled:
        if baseline is None:
            raise Invalid(
                "baseline_required",
                f"study {study.id} decides by schedule: the baseline fields are required",
            )
        rl_end_date = _scheduled_end(study, baseline)
    view = ParticipantView(
        study_id=study.id,
        participant_id=participant_id,
        status=REGISTERED,
        baseline=baseline.model_dump(mode="json", exclude_none=True) if baseline else {},
        rl_start_date=baseline.rl_start_date if baseline else None,
        rl_end_date=rl_end_date,
    )
    if not await participants.add(view):
        raise Conflict("participant_exists", f"participant {participant_id} is already registered")
    return view


def _scheduled_end(study: Study, baseline: Baseline) -> date:
    """Checks the baseline against the study's schedule; the participant's RL end date."""
    calendar, times = StudyCalendar.of(study), baseline.week_times()
    if study.schedule.participant_times:
        if times is None:
            raise Invalid(
                "invalid_baseline",
                f"study {study.id} takes each participant's notification times: "
                "baseline.notification_times is required",
            )
        windows_a_day(calendar, study, times, "invalid_baseline", "baseline.notification_times")
    elif times is not None:
        raise Invalid(
            "invalid_baseline",
            f"study {study.id} sets the notification times: the baseline may not",
        )
    try:
        end = baseline.rl_end_date or last_decision_day(calendar, baseline.rl_start_date)
    except OverflowError:  # a start date near the year 9999
        raise Invalid(
            "invalid_baseline", f"study {study.id}: baseline.rl_start_date is past its days"
        ) from None
    if end is None:
        raise Invalid(
            "invalid_baseline",
            f"study {study.id} sets no number of days: baseline.rl_end_date is required",
        )
    return end


def windows_a_day(
    calendar: StudyCalendar, study: Study, times: WeekTimes, code: str, field: str
) -> None:
    """Refuses a participant's times that do not open the study's N windows a day."""
    if len(times[0]) != calendar.windows:
        raise Invalid(
            code,
            f"study {study.id} has {calendar.windows} decision windows a day: "
            f"{field} must give {calendar.windows} times a day",
        )


async def find(participants: Participants, study_id: str, participant_id: str) -> ParticipantView:
    view = await participants.get(study_id, participant_id)
    if view is None:
        raise not_found(study_id, participant_id)
    return view


@dataclass(frozen=True)
class StaffDeps:
    """What the study team's changes need: the record, and the log they are announced on."""

    participants: Participants
    publisher: Publishes


async def change_status(
    deps: StaffDeps,
    study_id: str,
    participant_id: str,
    status: str,
    actor: str,
    note: str | None = None,
) -> ParticipantView:
    """Stores the change (status, audit entry, history row: one transaction), then publishes
    it. If the log is away (503) the change holds, unannounced, as a policy control's does."""
    done = await deps.participants.change_status(
        study_id, participant_id, lambda current: checked_move(current, status), actor, note
    )
    if done is None:
        raise not_found(study_id, participant_id)
    view, change = done
    await deps.publisher.publish(announced(change))
    return view


async def listing(
    participants: Participants, study_id: str, wanted: ParticipantFilter
) -> list[ParticipantSummary]:
    frm, to = wanted.registered_from, wanted.registered_to
    if frm is not None and to is not None and frm > to:
        raise Invalid("invalid_filter", "registered_from is after registered_to")
    return await participants.listing(study_id, wanted)


async def history(
    participants: Participants, study_id: str, participant_id: str
) -> list[StatusRecord]:
    await find(participants, study_id, participant_id)
    return await participants.status_history(study_id, participant_id)


def not_found(study_id: str, participant_id: str) -> NotFound:
    return NotFound("participant_not_found", f"no participant {participant_id} in study {study_id}")
