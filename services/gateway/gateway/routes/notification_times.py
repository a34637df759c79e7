"""A participant's notification times: changed (the study's backend, or an operator), and
listed as versions (any member of the study)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter

from gateway import notification_times, participants
from gateway.deps import BackendOrOperator, Member, ParticipantsDep, TimesDep
from gateway.inputs import Id
from gateway.responses import TimesChanged, TimesVersions, errors_for
from gateway.schemas import TimesIn
from rldomain.schedule import WeekTimes

router = APIRouter(prefix="/v1/studies", tags=["studies"])
TIMES = "/{study_id}/participants/{participant_id}/notification-times"


@router.put(
    TIMES,
    operation_id="changeNotificationTimes",
    response_model=TimesChanged,
    responses=errors_for(401, 403, 404, 409, 413, 422),
)
async def change_times(
    participant_id: Id, body: TimesIn, scope: BackendOrOperator, deps: TimesDep
) -> dict[str, Any]:
    """New notification times for a participant of a study that takes them from participants
    (`times: participant`): learnt now, so the windows already open keep theirs; the answer
    names the first window at the new times. Asking again for the times in force stores
    nothing (`changed: false`). Audited, published as NotificationTimesChanged."""
    study = scope.study
    done = await notification_times.change(
        deps, study, participant_id, body.week_times(), scope.caller.username
    )
    first = done.first_new
    return {
        "status": "success",
        "study_id": study.id,
        "participant_id": participant_id,
        "changed": done.version is not None,
        "at": done.version.at.isoformat() if done.version else None,
        "notification_times": body.notification_times,
        "first_new_window": first.index if first else None,
        "first_new_window_start": first.start.isoformat() if first else None,
    }


@router.get(
    TIMES,
    operation_id="listNotificationTimes",
    response_model=TimesVersions,
    responses=errors_for(401, 403, 404, 422),
)
async def list_times(
    participant_id: Id, scope: Member, registry: ParticipantsDep
) -> dict[str, Any]:
    """The participant's notification times as registered, then each change, oldest first
    (none for a study that sets the times itself)."""
    view = await participants.find(registry, scope.study.id, participant_id)
    registered = view.schedule.times if view.schedule else None
    versions = [] if registered is None else [_version(None, "registration", None, registered)]
    versions += [_version(v.at, v.source, v.actor, v.times) for v in view.times_changes]
    return {"study_id": scope.study.id, "participant_id": participant_id, "versions": versions}


def _version(
    at: datetime | None, source: str, actor: str | None, times: WeekTimes
) -> dict[str, Any]:
    return {
        "at": at.isoformat() if at else None,
        "source": source,
        "actor": actor,
        "notification_times": times,
    }
