"""A participant as the gateway sees it, the `Participants` protocol its use cases depend on,
and where the record is cached (`ParticipantStore` is the PostgreSQL + Redis implementation)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, Protocol

import redis.asyncio as aioredis

from rladapters.notification_times import Source, TimesProposal, TimesVersion
from rladapters.participant_history import ParticipantFilter, ParticipantSummary, StatusRecord
from rldomain.schedule import ParticipantSchedule, WeekTimes
from rlkernel.redis_epoch import RedisEpoch

CACHE_SECONDS = 300


class ParticipantCache:
    """Participants cached in Redis under the Redis epoch, so a restarted or flushed Redis
    never serves a participant's older status. Whoever changes a participant forgets its entry
    after the commit; the TTL bounds what a lost deletion could leave stale."""

    def __init__(self, client: aioredis.Redis, namespace: str) -> None:
        self.redis, self.namespace = client, namespace
        self.epoch = RedisEpoch(client, namespace)

    async def _key(self, study_id: str, participant_id: str) -> str:
        epoch = await self.epoch.current()
        return f"{self.namespace}:participant:{epoch}:{study_id}:{participant_id}"

    async def get(self, study_id: str, participant_id: str) -> ParticipantView | None:
        cached = await self.redis.get(await self._key(study_id, participant_id))
        return None if cached is None else ParticipantView.from_json(cached)

    async def put(self, view: ParticipantView) -> None:
        key = await self._key(view.study_id, view.participant_id)
        await self.redis.set(key, view.to_json(), ex=CACHE_SECONDS)

    async def forget(self, who: Sequence[tuple[str, str]]) -> None:
        if who:
            await self.redis.delete(*[await self._key(s, p) for s, p in who])


@dataclass(frozen=True)
class ParticipantView:
    study_id: str
    participant_id: str
    status: str
    baseline: dict[str, Any]
    rl_start_date: date | None
    rl_end_date: date | None
    times_changes: tuple[TimesVersion, ...] = ()  # after registration, oldest first

    @property
    def schedule(self) -> ParticipantSchedule | None:
        """None for a participant registered without RL dates (a client-indexed study). Their
        own notification times, if they gave any: `notification_times` (per weekday, as the
        gateway stores them), or MiWaves' morning and evening times; then their changes."""
        if self.rl_start_date is None or self.rl_end_date is None:
            return None
        b = self.baseline
        times: WeekTimes | None = None
        if b.get("notification_times"):
            times = tuple(tuple(day) for day in b["notification_times"])
        elif b.get("morning_notification_time_start"):
            mornings = b["morning_notification_time_start"]
            times = tuple(zip(mornings, b["evening_notification_time_start"], strict=True))
        changes = tuple(v.change for v in self.times_changes)
        return ParticipantSchedule(self.rl_start_date, self.rl_end_date, times, changes)

    def to_json(self) -> str:
        fields = asdict(self) | {"times_changes": [v.to_json() for v in self.times_changes]}
        return json.dumps(fields, default=str)

    @classmethod
    def from_json(cls, raw: bytes | str) -> ParticipantView:
        d = json.loads(raw)
        dates = {
            k: date.fromisoformat(d[k]) if d[k] else None for k in ("rl_start_date", "rl_end_date")
        }
        # An entry cached before times were versioned has no changes.
        changes = tuple(TimesVersion.from_json(v) for v in d.get("times_changes", ()))
        return cls(**{**d, **dates, "times_changes": changes})


# Given the current status, the new one; raising refuses the change (nothing is written).
StatusChange = Callable[[str], str]


class Participants(Protocol):
    """The participants as the gateway's use cases see them; tests use an in-memory one."""

    async def add(self, participant: ParticipantView) -> bool:
        """False if the participant is registered already."""

    async def get(self, study_id: str, participant_id: str) -> ParticipantView | None: ...

    async def change_status(
        self,
        study_id: str,
        participant_id: str,
        change: StatusChange,
        actor: str,
        note: str | None = None,
    ) -> tuple[ParticipantView, StatusRecord] | None:
        """Applies `change` under a row lock, with its audit entry and its history row by
        `actor` (and the staff's `note`) in the same transaction; None if there is no such
        participant."""

    async def listing(self, study_id: str, wanted: ParticipantFilter) -> list[ParticipantSummary]:
        """One page of the study's participants that match, ordered by id."""

    async def status_history(self, study_id: str, participant_id: str) -> list[StatusRecord]:
        """Every change of the participant's status, oldest first."""

    async def change_times(
        self,
        study_id: str,
        participant_id: str,
        propose: TimesProposal,
        at: datetime,
        source: Source,
        actor: str,
    ) -> tuple[ParticipantView, TimesVersion | None] | None:
        """Appends the times `propose` gives (learnt `at`), under a row lock, with its audit
        entry by `actor`, in one transaction; the participant as it then is and the stored
        change (None: `propose` had nothing to change). None if there is no such participant."""
