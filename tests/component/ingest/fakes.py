"""In-memory stand-ins for what ingest's handlers touch: the study backend, PostgreSQL's
observations and windows, the reward history and the dead letters."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.backend import PullFailed
from ingest.candidates import Candidate, Outcome, Stored
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
