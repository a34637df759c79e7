"""What the handlers need, named by what they do with it, so tests can hand them fakes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from rldomain.study import Study
from rlkernel.consuming import DeadLetters
from rlkernel.events import ActionRequested, DecisionMade
from rlkernel.topics import Topics


class AnswersRequests(Protocol):
    async def answer(self, requests: Sequence[ActionRequested]) -> list[DecisionMade]: ...


class InvalidatesPolicies(Protocol):
    def invalidate(self, study_id: str) -> None: ...


@dataclass(frozen=True)
class Dependencies:
    studies: Mapping[str, Study]
    topics: Topics
    decider: AnswersRequests
    dead_letter: DeadLetters
    policies: InvalidatesPolicies
