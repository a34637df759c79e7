"""What the study health routes need: the stored checks and incidents
(rladapters.monitoring.health) and the service clock, for when an incident is resolved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from rladapters.monitoring.health import CheckView
from rlkernel.db.models import Incident


class HealthStore(Protocol):
    async def checks(self, study_id: str) -> list[CheckView]: ...

    async def incidents(
        self, study_id: str, open_only: bool | None, limit: int, before: int | None
    ) -> list[Incident]: ...

    async def resolve(
        self, study_id: str, incident_id: int, actor: str, note: str, now: datetime
    ) -> Incident: ...


@dataclass(frozen=True)
class HealthDeps:
    store: HealthStore
    now: Callable[[], datetime]
