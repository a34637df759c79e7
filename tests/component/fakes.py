"""In-memory stand-ins for the stores and the broker, for the component ring only.

They keep the contracts of the real adapters (first draft wins its slot, rids unique and increasing,
events kept in publish order) so a use case tested against them behaves as on the real stack,
which the e2e ring checks.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rladapters.slots import Settled
from rldomain.deciding import RECENT_REWARDS
from rlkernel.events import DecisionMade, Event


@dataclass
class Reply:
    event: Event
    to: str
    correlation_id: str


@dataclass
class FakePublisher:
    """Records what would have gone to Kafka; `fail_with` makes every publish raise."""

    events: list[Event] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    fail_with: Exception | None = None

    async def publish(self, event: Event) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.events.append(event)

    async def reply(self, event: Event, to: str, correlation_id: str) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.replies.append(Reply(event, to, correlation_id))

    def of(self, kind: type[Event]) -> list[Event]:
        return [e for e in self.events if isinstance(e, kind)]


SlotKey = tuple[str, str, int]


@dataclass
class InMemoryRecord:
    """The decision record's contract: first draft wins its slot, rids unique and increasing."""

    decisions: dict[SlotKey, DecisionMade] = field(default_factory=dict)
    logged: set[SlotKey] = field(default_factory=set)
    fail_with: Exception | None = None
    _rids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def settle(self, drafts: Sequence[DecisionMade]) -> list[Settled]:
        if self.fail_with is not None:
            raise self.fail_with
        settled = []
        for draft in drafts:
            key = (draft.study_id, draft.participant_id, draft.decision_index)
            stored = self.decisions.get(key)
            if stored is None:
                stored = draft.model_copy(update={"rid": next(self._rids)})
                self.decisions[key] = stored
                settled.append(Settled(stored, True, False))
            else:
                settled.append(Settled(stored, False, key in self.logged))
        return settled

    async def mark_logged(self, decisions: Sequence[DecisionMade]) -> None:
        self.logged |= {(d.study_id, d.participant_id, d.decision_index) for d in decisions}

    def get(self, study_id: str, participant_id: str, decision_index: int) -> DecisionMade | None:
        return self.decisions.get((study_id, participant_id, decision_index))


@dataclass
class InMemoryHistory:
    """Recent rewards per participant, most recent last."""

    rewards: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))

    async def recent_many(self, who: Sequence[tuple[str, str]]) -> list[list[float]]:
        return [list(self.rewards[w][-RECENT_REWARDS:]) for w in who]


@dataclass(frozen=True)
class Letter:
    source_topic: str
    reason: str
    payload: dict[str, Any]
    key: str | None


@dataclass
class FakeDeadLetters:
    """What a handler or the consumer runtime set aside, in order."""

    letters: list[Letter] = field(default_factory=list)

    async def __call__(
        self, source_topic: str, reason: str, payload: dict[str, Any], key: str | None = None
    ) -> None:
        self.letters.append(Letter(source_topic, reason, payload, key))
