"""What the trainer's handlers need from the world, as Protocols: the service gives them the
real PostgreSQL, Redis, HTTP and Kafka; component tests give them in-memory fakes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from rldomain.monitoring.checks import CheckResult
from rldomain.study import Study
from rlkernel.consuming import DeadLetters
from rlkernel.db.models import PolicyVersion
from rlkernel.events import UpdateRequested
from rlkernel.publishing import Publishes
from trainer.triggers import Trigger
from trainer.updating import UpdateResult


class Updates(Protocol):
    """Updates in the record (see trainer.updating)."""

    async def run(self, study: Study, trigger: Trigger, now: datetime) -> UpdateResult:
        """One update from the newest stored version, if its trigger still calls for it."""
        ...

    async def pending(self, study: Study, trigger: Trigger) -> bool:
        """Whether the trigger may still call for one (a read without the study's lock)."""
        ...


class PolicyMirror(Protocol):
    """The served version where decisions read it (Redis)."""

    async def refresh(self, study: Study, now: datetime) -> PolicyVersion:
        """Puts the served version there: the newest, or the pinned one (writing version 1
        from the priors if there is none); returns it."""
        ...


class FinishRequest(Protocol):
    """Records a request's outcome, then tells its callback URL (see callbacks.finish_request)."""

    async def __call__(
        self, event: UpdateRequested, status: str, version: int | None, reason: str | None
    ) -> None: ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class Backups(Protocol):
    """The deployment's backups (see trainer.backups), each a no-op unless configured."""

    async def before_update(self) -> None: ...

    async def if_due(self) -> None: ...


class Health(Protocol):
    """The studies' health checks in the record (rladapters.monitoring.health)."""

    async def evaluate(self, study: Study, now: datetime, every: timedelta) -> list[CheckResult]:
        """Measures, grades and stores the study's checks; [] when another trainer holds the
        study or it was evaluated less than `every` ago."""
        ...


@dataclass(frozen=True)
class Monitoring:
    health: Health
    every: timedelta | None  # None: never (MONITORING_EVERY_SECONDS=0)


@dataclass(frozen=True)
class TrainerDeps:
    studies: Mapping[str, Study]
    publisher: Publishes
    updates: Updates
    policies: PolicyMirror
    finish_request: FinishRequest
    clock: Clock
    dead_letter: DeadLetters  # for messages no retry can handle (see rlkernel.consuming)
    backups: Backups
    monitoring: Monitoring
