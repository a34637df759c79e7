"""What the handlers need, named by what they do with it, so tests can hand them fakes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from decision.recorder import Recorded
from rldomain.study import Study
from rlkernel.consuming import DeadLetters
from rlkernel.events import ActionRequested, DecisionMade
from rlkernel.topics import Topics


class AnswersRequests(Protocol):
    async def answer(self, requests: Sequence[ActionRequested]) -> list[DecisionMade]: ...


class ForgetsParticipants(Protocol):
    """The gateway's cache of participants: entries to drop after a life-cycle change."""

    async def forget(self, who: Sequence[tuple[str, str]]) -> None: ...


class InvalidatesPolicies(Protocol):
    def invalidate(self, study_id: str) -> None: ...


# Blocking (it is the SQL transaction): the handler runs it in a thread.
RecordsDecisions = Callable[[Sequence[DecisionMade]], Recorded]


@dataclass(frozen=True)
class Dependencies:
    studies: Mapping[str, Study]
    topics: Topics
    decider: AnswersRequests
    record: RecordsDecisions
    participant_cache: ForgetsParticipants
    dead_letter: DeadLetters
    policies: InvalidatesPolicies
