"""In-memory stand-ins for what the trainer's handlers touch: PostgreSQL's policy versions,
the Redis mirror and marks, the request outcomes, and the service clock."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from rldomain.monitoring.checks import CheckResult
from rldomain.study import Study
from rlkernel.db.models import PolicyVersion
from rlkernel.events import UpdateRequested
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
    """Each run writes the next version after the newest (version 1 from the priors), unless
    `nothing_new` (no new observations), the study is `frozen`, or `fail_with`. `pinned`: the
    version served instead of the newest, per study."""

    newest_versions: dict[str, int] = field(default_factory=lambda: defaultdict(lambda: 1))
    runs: list[Run] = field(default_factory=list)
    nothing_new: bool = False
    frozen: set[str] = field(default_factory=set)
    pinned: dict[str, int] = field(default_factory=dict)
    fail_with: Exception | None = None

    async def run(
        self, study: Study, trigger: str, fit_hyperparameters: bool, now: datetime
    ) -> UpdateResult:
        self.runs.append(Run(study.id, trigger, fit_hyperparameters))
        if self.fail_with is not None:
            raise self.fail_with
        parent = self.newest_versions[study.id]
        if study.id in self.frozen:
            return UpdateResult(None, parent, 0, skipped="frozen")
        if self.nothing_new:
            return UpdateResult(None, parent, 0)
        self.newest_versions[study.id] = parent + 1
        return UpdateResult(version_row(study, parent + 1), parent, 5)

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


@dataclass
class InMemoryProgress:
    new: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    periods: dict[str, tuple[str, str]] = field(default_factory=dict)

    async def count_new(self, study_id: str, observations: int) -> int:
        self.new[study_id] += observations
        return self.new[study_id]

    async def reset_new(self, study_id: str) -> None:
        self.new[study_id] = 0

    async def periods_done(self, study_id: str) -> tuple[str, str]:
        return self.periods.get(study_id, ("", ""))

    async def mark_periods(self, study_id: str, posterior: str, hyperparameters: str) -> None:
        self.periods[study_id] = (posterior, hyperparameters)


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
