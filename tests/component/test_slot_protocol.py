"""The one slot protocol (`settle`), as the gateway's fallback and the decision service use it."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from rladapters.slots import settle
from rlkernel.events import DecisionMade
from tests.component.events import decision
from tests.component.fakes import FakePublisher, InMemoryRecord


def draft(index: int = 0, action: int = 1, participant: str | None = None) -> DecisionMade:
    return decision("justin", participant, index, action=1 if action else 0)


async def test_a_draft_for_a_free_slot_is_stored_with_a_rid_published_once_and_marked_logged(
    record: InMemoryRecord, publisher: FakePublisher
) -> None:
    candidate = draft()
    [settled] = await settle(record, publisher, [candidate])
    assert settled.event_id == candidate.event_id and settled.rid > 0
    assert publisher.events == [settled]
    assert record.get("justin", candidate.participant_id, 0) == settled
    assert ("justin", candidate.participant_id, 0) in record.logged


async def test_a_later_draft_for_a_decided_slot_gets_the_stored_decision_and_is_dropped(
    record: InMemoryRecord, publisher: FakePublisher
) -> None:
    first = draft(action=1)
    second = draft(action=0, participant=first.participant_id)
    [stored] = await settle(record, publisher, [first])
    assert await settle(record, publisher, [second]) == [stored]
    assert publisher.events == [stored], "the losing draft is neither published nor returned"


async def test_two_drafts_for_one_slot_in_one_batch_get_one_decision(
    record: InMemoryRecord, publisher: FakePublisher
) -> None:
    a = draft()
    b = draft(action=0, participant=a.participant_id)
    settled = await settle(record, publisher, [a, b])
    assert settled[0] == settled[1] and settled[0].event_id == a.event_id
    assert len(publisher.events) == 1


async def test_rids_are_unique_across_slots(
    record: InMemoryRecord, publisher: FakePublisher
) -> None:
    settled = await settle(record, publisher, [draft(i) for i in range(5)])
    assert len({d.rid for d in settled}) == 5


async def test_a_failed_publish_keeps_the_stored_decision_for_the_sweeper(
    record: InMemoryRecord,
) -> None:
    failing = FakePublisher(fail_with=ConnectionError("broker away"))
    candidate = draft()
    [settled] = await settle(record, failing, [candidate])
    assert record.get("justin", candidate.participant_id, 0) == settled
    assert (candidate.study_id, candidate.participant_id, 0) not in record.logged


async def test_a_record_that_cannot_mark_leaves_the_decision_answered_for_the_sweeper(
    publisher: FakePublisher,
) -> None:
    class Unmarkable(InMemoryRecord):
        async def mark_logged(self, decisions: Sequence[DecisionMade]) -> None:
            raise ConnectionError("postgres away")

    record, candidate = Unmarkable(), draft()
    [settled] = await settle(record, publisher, [candidate])
    assert settled.event_id == candidate.event_id and publisher.events == [settled]
    assert record.logged == set()


async def test_a_publish_that_hangs_is_given_up_on_within_the_limit(
    record: InMemoryRecord,
) -> None:
    class Hanging(FakePublisher):
        async def publish(self, event: object) -> None:
            await asyncio.Event().wait()

    candidate = draft()
    [settled] = await asyncio.wait_for(
        settle(record, Hanging(), [candidate], publish_within=0.05), timeout=5
    )
    assert settled.event_id == candidate.event_id


async def test_the_reply_goes_alongside_to_each_asker_by_position(
    record: InMemoryRecord, publisher: FakePublisher
) -> None:
    drafts = [draft(i) for i in range(3)]
    replied: dict[int, DecisionMade] = {}

    async def reply(i: int, decision: DecisionMade) -> None:
        replied[i] = decision

    settled = await settle(record, publisher, drafts, reply)
    assert replied == dict(enumerate(settled))
