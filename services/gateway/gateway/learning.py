"""Use cases of the learning path at the edge: close a window, upload data, ask for an update."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from gateway import participants
from rladapters.access import Grants
from rladapters.learning_queries import FailedWindows, UpdateRequests
from rladapters.participants import Participants
from rldomain.errors import Conflict, Forbidden, Invalid, NotFound
from rldomain.schedule import StudyCalendar, has_closed, last_closed, window
from rldomain.study import Study
from rlkernel.callback_targets import CallbackTargets
from rlkernel.db.models import STUDY_ROLES, UpdateRequest
from rlkernel.events import DataUploaded, UpdateRequested, WindowClosed
from rlkernel.publishing import Publishes


@dataclass(frozen=True)
class LearningDeps:
    participants: Participants
    publisher: Publishes
    updates: UpdateRequests
    failed_windows: FailedWindows
    now: Callable[[], datetime]
    # Where callbacks may go; the default refuses private networks (see rlkernel.callback_targets).
    callbacks: CallbackTargets = field(default_factory=CallbackTargets)


async def close_window(
    deps: LearningDeps, study: Study, participant_id: str, index: int | None = None
) -> WindowClosed:
    """The window that has just closed (the one before the current), or an earlier one named by
    index. Repeating the call is harmless: ingest pulls each window once."""
    if not study.schedule.scheduled or study.ema_endpoint is None:
        raise Conflict("no_windows", f"study {study.id} does not pull data by window")
    p = await participants.find(deps.participants, study.id, participant_id)
    schedule = p.schedule
    assert schedule is not None, "a scheduled study registers participants with RL dates"
    calendar, now = StudyCalendar.of(study), deps.now()
    closed = last_closed(calendar, schedule, now) if index is None else index
    if not has_closed(calendar, schedule, closed, now):
        raise Conflict("window_not_closed", f"decision window {closed} has not closed yet")
    event = WindowClosed.of(study.id, participant_id, window(calendar, schedule, closed))
    await deps.publisher.publish(event)
    return event


async def upload(
    deps: LearningDeps, study: Study, participant_id: str, index: int, record: dict[str, Any]
) -> DataUploaded:
    if record["action"] >= study.n_actions:
        raise Invalid("invalid_action", f"action must be one of 0..{study.n_actions - 1}")
    await participants.find(deps.participants, study.id, participant_id)
    event = DataUploaded(
        study_id=study.id, participant_id=participant_id, decision_index=index, record=record
    )
    await deps.publisher.publish(event)
    return event


async def request_update(
    deps: LearningDeps, study: Study, callback_url: str | None, requested_at: datetime | None
) -> UpdateRequested:
    """Refuses (422) a callback_url the trainer would not call: better now than a silent
    "failed" later. The trainer checks again before every send."""
    if callback_url is not None:
        await deps.callbacks.check(callback_url, study.callbacks.allowed_hosts)
    event = UpdateRequested(
        update_id=uuid.uuid4(),
        study_id=study.id,
        requested_at=requested_at or deps.now(),
        callback_url=callback_url,
    )
    await deps.updates.add(event)  # before publishing: the trainer finishes this very row
    await deps.publisher.publish(event)
    return event


async def update_status(deps: LearningDeps, update_id: uuid.UUID, grants: Grants) -> UpdateRequest:
    """The request, for a caller holding a role in its study (Forbidden otherwise)."""
    request = await deps.updates.get(update_id)
    if request is None:
        raise NotFound("update_not_found", f"no update {update_id}")
    if not grants.may(request.study_id, *STUDY_ROLES):
        raise Forbidden("forbidden", "this update belongs to a study you hold no role in")
    return request


async def repull_failed(deps: LearningDeps, study: Study) -> int:
    """Publishes every failed window again; ingest pulls it anew (records stored once)."""
    windows = await deps.failed_windows.reopen(study.id)
    for w in windows:
        await deps.publisher.publish(WindowClosed.of(w.study_id, w.participant_id, w.window))
    return len(windows)
