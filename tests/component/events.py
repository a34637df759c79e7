"""Events as the component tests build them: valid, with random ids, overridable where a test
cares."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from rlkernel.events import DecisionMade


def decision(
    study_id: str = "justin",
    participant_id: str | None = None,
    index: int = 0,
    rid: int = 0,
    action: int = 1,
    algorithm: str = "flat",
) -> DecisionMade:
    """A decision of the study's policy version 1 (rid 0: a draft the record has not stored)."""
    return DecisionMade(
        request_id=uuid.uuid4(),
        study_id=study_id,
        participant_id=participant_id or f"p-{uuid.uuid4().hex[:6]}",
        decision_index=index,
        rid=rid,
        seed=7,
        action=action,
        probability=0.5,
        policy_version=1,
        algorithm=algorithm,
        state=[],
        context={},
        recent_rewards=[],
        fallback=False,
        decided_at=datetime.now(UTC),
        decided_by="decision-test",
    )
