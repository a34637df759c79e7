"""One decision service over fakes, on FastStream's in-memory broker, and its requests."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from faststream.kafka import KafkaBroker, TestKafkaBroker

from decision.deciding import Decider
from decision.dependencies import Dependencies
from decision.policy_cache import PolicyCache
from decision.subscribers import subscribe
from rldomain.study import Study
from rlkernel.clock import Clock
from rlkernel.events import ActionRequested
from rlkernel.topics import Topics
from tests.component.decision.fakes import (
    FakePolicySource,
    initial_policy,
)
from tests.component.fakes import FakeDeadLetters, FakePublisher, InMemoryHistory, InMemoryRecord

SEED_SECRET = "component-test-secret"


@dataclass
class Service:
    """One decision service over fakes: its dependencies, and the fakes to look into."""

    studies: Mapping[str, Study]
    record: InMemoryRecord
    publisher: FakePublisher
    history: InMemoryHistory = field(default_factory=InMemoryHistory)
    topics: Topics = field(default_factory=lambda: Topics(f"t{uuid.uuid4().hex[:8]}"))
    policies: FakePolicySource = field(default_factory=FakePolicySource)
    dead_letters: FakeDeadLetters = field(default_factory=FakeDeadLetters)

    def __post_init__(self) -> None:
        for study in self.studies.values():
            self.policies.serve(initial_policy(study))
        # Checked rarely, so only an invalidation makes a test see a new policy.
        self.cache = PolicyCache(self.policies, check_every=3600)
        decider = Decider(
            dict(self.studies),
            SEED_SECRET,
            self.record,
            self.cache,
            self.history,
            self.publisher,
            "t",
            Clock(),
        )
        self.deps = Dependencies(
            studies=self.studies,
            topics=self.topics,
            decider=decider,
            dead_letter=self.dead_letters,
            policies=self.cache,
        )

    def broker(self) -> TestKafkaBroker[KafkaBroker]:
        broker = KafkaBroker()
        subscribe(broker, self.topics, self.deps)
        return TestKafkaBroker(broker)


def request(
    study_id: str = "justin",
    participant_id: str | None = None,
    decision_index: int = 0,
    context: dict[str, Any] | None = None,
) -> ActionRequested:
    return ActionRequested(
        request_id=uuid.uuid4(),
        reply_to=f"replies.gateway-{uuid.uuid4().hex[:6]}",
        study_id=study_id,
        participant_id=participant_id or f"p-{uuid.uuid4().hex[:8]}",
        decision_index=decision_index,
        context={"temperature": 21.5} if context is None else context,
        requested_at=datetime.now(UTC),
    )
