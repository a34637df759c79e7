"""The trainer's state in Redis: the served policy version decision replicas read. (What
triggers an update is counted in PostgreSQL: trainer.triggers.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from rladapters.policies import PolicyMirror
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion


@dataclass(frozen=True)
class RedisPolicies:
    """The served policy version in Redis, which decision replicas read, refreshed from
    PostgreSQL (where a pin would be)."""

    mirror: PolicyMirror
    sessions: sessionmaker[Session]

    async def refresh(self, study: Study, now: datetime) -> PolicyVersion:
        return await self.mirror.refresh(self.sessions, study, now)
