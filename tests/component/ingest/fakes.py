"""In-memory stand-ins for what ingest's handlers touch: the study backend, PostgreSQL's
observations and windows, the reward history and the dead letters."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ingest.backend import PullFailed
from ingest.candidates import Candidate, Outcome, Stored
from ingest.sweep import Slot
from rldomain.schedule import Window
from rldomain.study import EmaEndpoint, Study

SlotKey = tuple[str, str, int]


@dataclass
class FakeBackend:
    """The study backend: its `ema_data` per user, or `fail_with` for every pull."""

    ema: dict[str, dict[str, object]] = field(default_factory=dict)
    fail_with: PullFailed | None = None
    calls: list[tuple[str, Window]] = field(default_factory=list)

    async def __call__(self, endpoint: EmaEndpoint, user_id: str, window: Window) -> dict[str, Any]:
        self.calls.append((user_id, window))
        if self.fail_with is not None:
            raise self.fail_with
        return self.ema.get(user_id, {})


@dataclass
class InMemoryRecords:
    """PostgreSQL's part: each slot's record stored once, each window's status kept. Decisions
    are not kept here: a record for an index in `unrecorded` answers no decision of ours;
    any other agrees with its decision (the agreement checks are the e2e ring's)."""

    observations: dict[SlotKey, Candidate] = field(default_factory=dict)
    windows: dict[SlotKey, str] = field(default_factory=dict)
    unrecorded: set[int] = field(default_factory=set)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def store(
        self,
        study: Study,
        participant_id: str,
        candidates: list[Candidate],
        window: Window | None,
        problems: list[str],
    ) -> Outcome:
        outcome = Outcome(problems=list(problems))
        for c in candidates:
            key = (study.id, participant_id, c.decision_index)
            if c.decision_index in self.unrecorded:
                outcome.problems.append(f"record for rid {c.rid} answers no decision of ours")
            elif key not in self.observations:
                self.observations[key] = c
                reward = study.reward_of(c.record) or 0.0
                # An upload's rid is its decision's, which this fake does not keep: 0.
                stored = Stored(next(self._ids), c.decision_index, c.rid or 0, reward)
                outcome.stored.append(stored)
        if window is not None:
            status = "failed" if outcome.problems else "pulled"
            self.windows[(study.id, participant_id, window.index)] = status
        return outcome

    async def window_status(self, study_id: str, participant_id: str, index: int) -> str | None:
        return self.windows.get((study_id, participant_id, index))


@dataclass
class InMemoryRewards:
    refreshed: list[tuple[str, str]] = field(default_factory=list)
    published: list[int] = field(default_factory=list)

    async def refresh(self, study_id: str, participant_id: str) -> None:
        self.refreshed.append((study_id, participant_id))

    async def mark_published(self, observation_ids: Sequence[int]) -> None:
        self.published.extend(observation_ids)


@dataclass
class InMemoryUnclosed:
    """The sweep's view of the record: the decided slots, and the windows' rows kept by
    `records`. A claim is a pending row; a window with a row already is not claimed again."""

    records: InMemoryRecords
    decided: list[tuple[str, Slot, datetime]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)  # the studies the sweep looked at

    def decide(self, study_id: str, slot: Slot, decided_at: datetime) -> None:
        self.decided.append((study_id, slot, decided_at))

    async def unclosed(
        self, study_id: str, decided_before: datetime, after_id: int, limit: int
    ) -> list[Slot]:
        self.asked.append(study_id)
        found = [
            slot
            for study, slot, decided_at in self.decided
            if study == study_id
            and decided_at < decided_before
            and slot.decision_id > after_id
            and (study, slot.participant_id, slot.decision_index) not in self.records.windows
        ]
        await asyncio.sleep(0)  # as a query would: replicas sweeping at once all read first
        return sorted(found, key=lambda s: s.decision_id)[:limit]

    async def claim(
        self, study_id: str, windows: Sequence[tuple[str, Window]]
    ) -> list[tuple[str, Window]]:
        claimed = []
        for participant_id, w in windows:
            key = (study_id, participant_id, w.index)
            if key not in self.records.windows:
                self.records.windows[key] = "pending"
                claimed.append((participant_id, w))
        return claimed
