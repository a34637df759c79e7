"""The one slot protocol (`settle`), as the gateway's fallback and the decision service use it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from rladapters.slots import settle
from rlkernel.events import DecisionMade
from tests.component.fakes import FakePublisher, InMemorySlots


def decision(index: int = 0, action: int = 1, rid: int = 1) -> DecisionMade:
    return DecisionMade(
        request_id=uuid.uuid4(),
        study_id="justin",
        participant_id=f"p-{uuid.uuid4().hex[:6]}",
        decision_index=index,
        rid=rid,
        seed=42,
        action=1 if action else 0,
        probability=0.5,
        policy_version=1,
        algorithm="flat",
        state=[],
        context={},
        recent_rewards=[],
        fallback=False,
        decided_at=datetime.now(UTC),
        decided_by="decision-test",
    )


async def test_a_new_candidate_wins_the_slot_and_is_published_once(
    slots: InMemorySlots, publisher: FakePublisher
) -> None:
    candidate = decision()
    settled = await settle(slots, publisher, candidate)
    assert settled == candidate
    assert publisher.events == [candidate]
    claim = await slots.get(candidate.study_id, candidate.participant_id, 0)
    assert claim is not None and claim.published


async def test_a_second_candidate_for_a_claimed_slot_gets_the_first_decision(
    slots: InMemorySlots, publisher: FakePublisher
) -> None:
    first = decision(action=1)
    second = first.model_copy(update={"event_id": uuid.uuid4(), "action": 0, "rid": 2})
    await settle(slots, publisher, first)
    assert await settle(slots, publisher, second) == first
    assert publisher.events == [first], "a published claim is not published again"


async def test_an_unpublished_claim_is_published_by_whoever_finds_it(
    slots: InMemorySlots, publisher: FakePublisher
) -> None:
    crashed = decision()
    await slots.claim(crashed)  # its winner died before publishing
    claim = await slots.get(crashed.study_id, crashed.participant_id, 0)
    assert claim is not None and not claim.published
    assert await settle(slots, publisher, claim) == crashed
    assert publisher.events == [crashed]
    again = await slots.get(crashed.study_id, crashed.participant_id, 0)
    assert again is not None and again.published


async def test_the_reply_goes_alongside_and_a_failed_publish_leaves_the_claim_unpublished(
    slots: InMemorySlots,
) -> None:
    failing = FakePublisher(fail_with=ConnectionError("broker away"))
    replied: list[DecisionMade] = []

    async def reply(d: DecisionMade) -> None:
        replied.append(d)

    candidate = decision()
    with pytest.raises(ConnectionError):
        await settle(slots, failing, candidate, reply)
    claim = await slots.get(candidate.study_id, candidate.participant_id, 0)
    assert claim is not None and not claim.published, "the next asker must publish it"
