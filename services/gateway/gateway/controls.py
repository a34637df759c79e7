"""An operator's controls over a study's policy: freeze learning, pin the served version.

The change is stored with its audit entry first (rladapters.policy_controls), then the served
version is put in Redis, then PolicyControlChanged is published, on which every decision
replica drops its cached policy. A replica that missed the event still sees the new version
in Redis at its next periodic check (decision.policy_cache)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from rladapters.policy_controls import Change, Controls
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion
from rlkernel.events import PolicyControlChanged
from rlkernel.publishing import Publishes


class ControlStore(Protocol):
    async def get(self, study_id: str) -> tuple[Controls, int | None]: ...

    async def change(
        self,
        study_id: str,
        change: Change,
        actor: str,
        reason: str,
        at: datetime,
        version: int | None = None,
    ) -> Controls: ...


@dataclass(frozen=True)
class ControlDeps:
    store: ControlStore
    refresh: Callable[[Study], Awaitable[PolicyVersion]]  # puts the served version in Redis
    publisher: Publishes
    now: Callable[[], datetime]


async def view(deps: ControlDeps, study: Study) -> dict[str, Any]:
    controls, newest = await deps.store.get(study.id)
    served = controls.pinned_version if controls.pinned_version is not None else newest
    changed_at = controls.changed_at
    return {
        "study_id": study.id,
        "frozen": controls.frozen,
        "pinned_version": controls.pinned_version,
        "served_version": served,
        "newest_version": newest,
        "reason": controls.reason,
        "changed_by": controls.changed_by,
        "changed_at": changed_at.isoformat() if changed_at else None,
    }


async def change(
    deps: ControlDeps,
    study: Study,
    what: Change,
    actor: str,
    reason: str,
    version: int | None = None,
) -> dict[str, Any]:
    """Stores, serves and announces the change; the study's controls after it."""
    controls = await deps.store.change(study.id, what, actor, reason, deps.now(), version)
    await deps.refresh(study)
    await deps.publisher.publish(
        PolicyControlChanged(
            study_id=study.id,
            control_id=controls.control_id,
            change=what,
            frozen=controls.frozen,
            pinned_version=controls.pinned_version,
            changed_by=actor,
            reason=reason,
        )
    )
    return await view(deps, study)
