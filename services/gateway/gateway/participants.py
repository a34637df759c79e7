"""Participant use cases: registration, look-up, life-cycle changes."""

from __future__ import annotations

from datetime import date

from gateway.schemas import Baseline
from rladapters.participants import Participants, ParticipantView
from rldomain.errors import Conflict, Invalid, NotFound
from rldomain.lifecycle import REGISTERED, TRANSITIONS
from rldomain.schedule import StudyCalendar, last_decision_day
from rldomain.study import Study


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
        if len(times[0]) != calendar.windows:
            raise Invalid(
                "invalid_baseline",
                f"study {study.id} has {calendar.windows} decision windows a day: "
                f"baseline.notification_times must give {calendar.windows} times a day",
            )
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


async def find(participants: Participants, study_id: str, participant_id: str) -> ParticipantView:
    view = await participants.get(study_id, participant_id)
    if view is None:
        raise _not_found(study_id, participant_id)
    return view


async def change_status(
    participants: Participants, study_id: str, participant_id: str, status: str, actor: str
) -> ParticipantView:
    def checked(current: str) -> str:
        if status not in TRANSITIONS[current]:
            raise Conflict("invalid_transition", f"a {current} participant cannot become {status}")
        return status

    view = await participants.change_status(study_id, participant_id, checked, actor)
    if view is None:
        raise _not_found(study_id, participant_id)
    return view


def _not_found(study_id: str, participant_id: str) -> NotFound:
    return NotFound("participant_not_found", f"no participant {participant_id} in study {study_id}")
