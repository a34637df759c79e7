"""In-memory stand-ins for what the trainer's handlers touch: PostgreSQL's policy versions,
observations and claimed periods, the Redis mirror, the request outcomes, and the service
clock."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from rldomain.monitoring.checks import CheckResult
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion
from rlkernel.events import UpdateRequested
from trainer.triggers import Trigger
from trainer.updating import UpdateResult

WRITTEN = datetime(2026, 3, 1, tzinfo=UTC)  # when every fake version was written


def version_row(study: Study, version: int) -> PolicyVersion:
    return PolicyVersion(
        study_id=study.id,
        version=version,
        parent_version=version - 1 or None,
        algorithm=str(study.algorithm["name"]),
        params=b"",
        created_at=WRITTEN,
    )


@dataclass(frozen=True)
class Run:
    study_id: str
    trigger: str
    fit_hyperparameters: bool


@dataclass
class FakeUpdates:
    """The record's updates, one trainer's or several's. A run goes ahead as
    trainer.updating's does: not while the study is `frozen`, not for a period already claimed
    (`claims`: study, key), not for every_n before N observations were `stored` after those
    the newest version was `fitted` on. One that goes ahead is in `runs` and writes the next
    version after the newest (version 1 from the priors), unless `nothing_new` or `fail_with`
    (which rolls its claims back). `pinned`: the version served instead of the newest."""

    newest_versions: dict[str, int] = field(default_factory=lambda: defaultdict(lambda: 1))
    runs: list[Run] = field(default_factory=list)
    claims: set[tuple[str, str]] = field(default_factory=set)
    stored: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fitted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    nothing_new: bool = False
    frozen: set[str] = field(default_factory=set)
    pinned: dict[str, int] = field(default_factory=dict)
    fail_with: Exception | None = None

    async def run(self, study: Study, trigger: Trigger, now: datetime) -> UpdateResult:
        parent = self.newest_versions[study.id]
        if study.id in self.frozen:
            return UpdateResult(None, parent, 0, skipped="frozen")
        won = {k for k in trigger.keys if (study.id, k) not in self.claims}
        if not trigger.goes_ahead(won):
            return UpdateResult(None, parent, 0, skipped="claimed")
        if self.stored[study.id] - self.fitted[study.id] < trigger.every_n:
            return UpdateResult(None, parent, 0, skipped="too_few")
        self.runs.append(Run(study.id, trigger.kind, trigger.fits_hyperparameters(won)))
        if self.fail_with is not None:
            raise self.fail_with
        self.claims |= {(study.id, k) for k in won}
        if self.nothing_new:
            return UpdateResult(None, parent, 0)
        self.fitted[study.id] = self.stored[study.id]
        self.newest_versions[study.id] = parent + 1
        return UpdateResult(version_row(study, parent + 1), parent, 5)

    async def pending(self, study: Study, trigger: Trigger) -> bool:
        await asyncio.sleep(0)  # a read: another trainer may read the same before either writes
        if study.id in self.frozen:
            return False
        if trigger.keys and all((study.id, k) in self.claims for k in trigger.keys):
            return False
        return self.stored[study.id] - self.fitted[study.id] >= trigger.every_n

    def served(self, study: Study) -> PolicyVersion:
        return version_row(study, self.pinned.get(study.id, self.newest_versions[study.id]))


@dataclass
class InMemoryPolicies:
    """The mirror: refreshed from what FakeUpdates stored."""

    updates: FakeUpdates
    current: dict[str, PolicyVersion] = field(default_factory=dict)

    async def refresh(self, study: Study, now: datetime) -> PolicyVersion:
        self.current[study.id] = self.updates.served(study)
        return self.current[study.id]


@dataclass(frozen=True)
class Finished:
    event: UpdateRequested
    status: str
    version: int | None
    reason: str | None


@dataclass
class FakeRequests:
    finished: list[Finished] = field(default_factory=list)

    async def __call__(
        self, event: UpdateRequested, status: str, version: int | None, reason: str | None
    ) -> None:
        self.finished.append(Finished(event, status, version, reason))


@dataclass
class FixedClock:
    at: datetime = datetime(2026, 3, 2, 15, tzinfo=UTC)  # a Monday

    def now(self) -> datetime:
        return self.at


@dataclass
class FakeBackups:
    """Records each backup asked for, with how many update runs had happened by then."""

    updates: FakeUpdates
    taken: list[tuple[str, int]] = field(default_factory=list)
    scheduled: asyncio.Event = field(default_factory=asyncio.Event)  # if_due was asked

    async def before_update(self) -> None:
        self.taken.append(("before_update", len(self.updates.runs)))

    async def if_due(self) -> None:
        self.taken.append(("if_due", len(self.updates.runs)))
        self.scheduled.set()


@dataclass
class FakeHealth:
    """Records each evaluation asked for (study, now, every); `broken` studies raise, the
    others answer one green check."""

    asked: list[tuple[str, datetime, timedelta]] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)
    evaluated: asyncio.Event = field(default_factory=asyncio.Event)

    async def evaluate(self, study: Study, now: datetime, every: timedelta) -> list[CheckResult]:
        self.asked.append((study.id, now, every))
        self.evaluated.set()
        if study.id in self.broken:
            raise ConnectionError("PostgreSQL away")
        return [CheckResult("dead_letters", "green", 0, 1, "GET /v1/dead-letters")]
