"""Recording decisions: what the transaction reports is acted on after it commits."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from faststream.kafka import KafkaBroker

from decision.recorder import Recorded
from rlkernel.events import DecisionMade
from tests.component.decision.harness import Service


def decision(participant_id: str, index: int = 0) -> DecisionMade:
    return DecisionMade(
        request_id=uuid.uuid4(),
        study_id="miwaves",
        participant_id=participant_id,
        decision_index=index,
        rid=index + 1,
        seed=42,
        action=1,
        probability=0.5,
        policy_version=1,
        algorithm="rebandit",
        state=[0.0, 0.0, 0.0],
        context={},
        recent_rewards=[],
        fallback=False,
        decided_at=datetime.now(UTC),
        decided_by="decision-test",
    )


async def test_conflicts_are_dead_lettered_and_moved_participants_leave_the_cache(
    service: Service, broker: KafkaBroker
) -> None:
    started, clashing = f"p-{uuid.uuid4().hex[:8]}", f"p-{uuid.uuid4().hex[:8]}"
    batch = [decision(started), decision(clashing, 5)]
    service.recorder.outcome = Recorded(conflicts=[batch[1]], moved=[("miwaves", started)])

    await broker.publish_batch(*batch, topic=service.topics.decisions_made)

    assert service.recorder.batches == [batch]
    assert service.participant_cache.forgotten == [("miwaves", started)]
    [letter] = service.dead_letters.letters
    assert letter.source_topic == service.topics.decisions_made
    assert letter.reason == "a different decision holds this slot or rid"
    assert (letter.payload, letter.key) == (batch[1].model_dump(mode="json"), clashing)


async def test_a_batch_that_moves_no_one_touches_no_cache_and_dead_letters_nothing(
    service: Service, broker: KafkaBroker
) -> None:
    batch = [decision(f"p-{uuid.uuid4().hex[:8]}", i) for i in range(3)]
    await broker.publish_batch(*batch, topic=service.topics.decisions_made)

    assert service.recorder.batches == [batch]
    assert service.participant_cache.forgotten == []
    assert service.dead_letters.letters == []
