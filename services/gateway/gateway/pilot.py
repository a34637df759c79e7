"""An admin's controls over a study's phase: mark a pilot live (for good), or reset a pilot's
data after the study's id is typed again (rladapters.pilot has what a reset deletes).

A reset is stored first (one transaction, with its audit entry), then the served policy
(version 1 again) is put in Redis and the study's other caches are forgotten, then
StudyControlChanged is published, on which every decision replica drops its cached policy."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from rladapters.pilot import Live, Reset, announced
from rldomain.errors import Invalid
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion
from rlkernel.publishing import Publishes


class PilotStore(Protocol):
    async def mark_live(self, study_id: str, actor: str, at: datetime) -> Live: ...

    async def reset(self, study: Study, actor: str, now: Callable[[], datetime]) -> Reset: ...


@dataclass(frozen=True)
class PilotDeps:
    store: PilotStore
    refresh: Callable[[Study], Awaitable[PolicyVersion]]  # puts the served version in Redis
    forget: Callable[[str], Awaitable[int]]  # the study's cached participants and rewards
    publisher: Publishes
    now: Callable[[], datetime]


async def mark_live(deps: PilotDeps, study: Study, actor: str) -> dict[str, Any]:
    live = await deps.store.mark_live(study.id, actor, deps.now())
    await deps.publisher.publish(announced(live))
    return {"study_id": study.id, "phase": "live", "live_at": live.at.isoformat(), "by": actor}


async def reset(deps: PilotDeps, study: Study, actor: str, confirm: str) -> dict[str, Any]:
    """Refused unless `confirm` is the study's id: a reset cannot be undone."""
    if confirm != study.id:
        raise Invalid(
            "confirmation_mismatch",
            "a reset deletes the study's data for good: confirm it with the study's id",
        )
    done = await deps.store.reset(study, actor, deps.now)
    await deps.refresh(study)
    await deps.forget(study.id)
    await deps.publisher.publish(announced(done))
    return {
        "study_id": study.id,
        "phase": "pilot",
        "reset_at": done.at.isoformat(),
        "by": actor,
        "deleted": done.deleted,
    }
