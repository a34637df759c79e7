"""Which slot an action request is for: the caller says (client-indexed studies) or the clock
does, from the participant's own schedule (scheduled studies)."""

from __future__ import annotations

from datetime import datetime

from rladapters.participants import ParticipantView
from rldomain.errors import Conflict, Invalid
from rldomain.schedule import StudyCalendar, open_decision
from rldomain.study import Study


def slot_index(now: datetime, study: Study, p: ParticipantView, given: int | None) -> int:
    """The slot the request is for: from the clock (scheduled studies) or from the caller."""
    if not study.schedule.scheduled:
        if given is None:
            raise Invalid(
                "decision_index_required",
                f"study {study.id} needs the decision index in the request",
            )
        return given
    if given is not None:
        raise Invalid(
            "decision_index_not_allowed",
            f"study {study.id} derives the decision index from the time",
        )
    schedule = p.schedule
    assert schedule is not None, "a scheduled study registers participants with RL dates"
    index = open_decision(StudyCalendar.of(study), schedule, now)
    if index is None:
        raise Conflict(
            "outside_rl_dates",
            f"no decision window now for participant {p.participant_id}: "
            f"the RL period is {p.rl_start_date} to {p.rl_end_date}",
        )
    return index
