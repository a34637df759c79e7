"""Participant use cases: registration, look-up, life-cycle changes."""

from __future__ import annotations

from gateway.schemas import Baseline
from rladapters.participants import Participants, ParticipantView
from rldomain.errors import Conflict, Invalid, NotFound
from rldomain.lifecycle import REGISTERED, TRANSITIONS
from rldomain.study import Study


async def register(
    participants: Participants, study: Study, participant_id: str, baseline: Baseline | None
) -> ParticipantView:
    if study.schedule.kind == "twice_daily" and baseline is None:
        raise Invalid(
            "baseline_required",
            f"study {study.id} decides by schedule: the baseline fields are required",
        )
    view = ParticipantView(
        study_id=study.id,
        participant_id=participant_id,
        status=REGISTERED,
        baseline=baseline.model_dump(mode="json") if baseline else {},
        rl_start_date=baseline.rl_start_date if baseline else None,
        rl_end_date=baseline.rl_end_date if baseline else None,
    )
    if not await participants.add(view):
        raise Conflict("participant_exists", f"participant {participant_id} is already registered")
    return view


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
