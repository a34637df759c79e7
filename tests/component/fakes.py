"""In-memory stand-ins for the stores and the broker, for the component ring only.

They keep the contracts of the real adapters (first claim wins, rids unique and increasing,
events kept in publish order) so a use case tested against them behaves as on the real stack,
which the e2e ring checks.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from rladapters.slots import Claim, Pending
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
class InMemorySlots:
    """The slot store's contract: first claim wins; a claim is published once marked."""

    claims: dict[SlotKey, DecisionMade] = field(default_factory=dict)
    published: set[SlotKey] = field(default_factory=set)
    rewards: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    _rids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def get(self, study_id: str, participant_id: str, decision_index: int) -> Claim | None:
        key = (study_id, participant_id, decision_index)
        decision = self.claims.get(key)
        return None if decision is None else Claim(decision, False, key in self.published)

    async def pending(self, study_id: str, participant_id: str, decision_index: int) -> Pending:
        recent = self.rewards[(study_id, participant_id)][-RECENT_REWARDS:]
        claim = await self.get(study_id, participant_id, decision_index)
        return Pending(claim, list(recent), await self.next_rid())

    async def claim(self, decision: DecisionMade) -> Claim:
        key = (decision.study_id, decision.participant_id, decision.decision_index)
        won = key not in self.claims
        self.claims.setdefault(key, decision)
        return Claim(self.claims[key], won, key in self.published)

    async def mark_published(self, decision: DecisionMade) -> None:
        self.published.add((decision.study_id, decision.participant_id, decision.decision_index))

    async def next_rid(self) -> int:
        return next(self._rids)
