"""A study's policy controls: learning frozen or not, and the version pinned, if any.

PostgreSQL is the record: every change is a new row of `policy_controls` carrying the state it
leaves, written with its audit entry in one transaction. A change takes the trainer's lock of
the study (`study_lock`), so that once a freeze is stored no update is still on its way to a
new version, and a pin is never interleaved with one.
"""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from rladapters.access import Audit
from rldomain.errors import Conflict, NotFound
from rlkernel.db.models import PolicyControl, PolicyVersion

Change = Literal["freeze", "unfreeze", "pin", "unpin"]
# What each change writes in the audit log.
AUDITED: dict[Change, str] = {
    "freeze": "policy_frozen",
    "unfreeze": "policy_unfrozen",
    "pin": "policy_pinned",
    "unpin": "policy_unpinned",
}


def study_lock(session: Session, study_id: str) -> None:
    """The trainer's lock of a study, held until the transaction ends: one update at a time,
    and no control change in the middle of one."""
    key = zlib.crc32(f"trainer:{study_id}".encode())
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


@dataclass(frozen=True)
class Controls:
    """A study's state; `control_id` 0, `changed_*` None: never changed."""

    study_id: str
    frozen: bool = False
    pinned_version: int | None = None
    control_id: int = 0
    reason: str | None = None
    changed_by: str | None = None
    changed_at: datetime | None = None


def current(session: Session, study_id: str) -> Controls:
    row = session.scalars(
        select(PolicyControl)
        .where(PolicyControl.study_id == study_id)
        .order_by(PolicyControl.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return Controls(study_id)
    return Controls(
        study_id,
        row.frozen,
        row.pinned_version,
        row.id,
        row.reason,
        row.changed_by,
        row.changed_at,
    )


def after_change(before: Controls, change: Change, version: int | None) -> Controls:
    """The state a change leaves; Conflict when it would change nothing (an audit entry that
    says "frozen" should mean learning was not frozen before)."""
    after = {
        "freeze": replace(before, frozen=True),
        "unfreeze": replace(before, frozen=False),
        "pin": replace(before, pinned_version=version),
        "unpin": replace(before, pinned_version=None),
    }[change]
    if after == before:
        raise Conflict("control_unchanged", f"the study's policy is already so ({change})")
    return after


class PolicyControlStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    async def get(self, study_id: str) -> tuple[Controls, int | None]:
        """The controls, and the newest version (None: no version yet)."""

        def load() -> tuple[Controls, int | None]:
            with self.sessions() as session:
                newest = session.scalar(
                    select(func.max(PolicyVersion.version)).where(
                        PolicyVersion.study_id == study_id
                    )
                )
                return current(session, study_id), newest

        return await asyncio.to_thread(load)

    async def change(
        self,
        study_id: str,
        change: Change,
        actor: str,
        reason: str,
        at: datetime,
        version: int | None = None,
    ) -> Controls:
        """Stores the change and its audit entry; `version` is the one to pin (NotFound when
        the study has no such version). `at` is the service clock's time, as decisions and
        policy versions have it, so that a timeline orders them together."""

        def write() -> Controls:
            with self.sessions.begin() as session:
                study_lock(session, study_id)
                if version is not None and not session.get(PolicyVersion, (study_id, version)):
                    raise NotFound("policy_not_found", f"no policy version {version}")
                after = after_change(current(session, study_id), change, version)
                row = PolicyControl(
                    study_id=study_id,
                    change=change,
                    frozen=after.frozen,
                    pinned_version=after.pinned_version,
                    reason=reason,
                    changed_by=actor,
                    changed_at=at,
                )
                session.add(row)
                target = None if version is None else str(version)  # the version pinned
                details = {"reason": reason}
                Audit(actor, AUDITED[change], study_id, target, details).add_to(session)
                session.flush()
                return replace(
                    after, control_id=row.id, reason=reason, changed_by=actor, changed_at=at
                )

        return await asyncio.to_thread(write)
