"""Replies from the decision service reach the request waiting for them, by correlation id."""

from __future__ import annotations

import uuid

from faststream.kafka import KafkaBroker, TestKafkaBroker

from gateway.replies import ReplyWaiter, subscribe_replies
from tests.component.events import decision

TOPIC = "t.replies.gateway-test"


async def test_each_reply_of_a_batch_resolves_its_own_request_and_a_bad_one_is_skipped() -> None:
    waiter = ReplyWaiter()
    broker = KafkaBroker()
    subscribe_replies(broker, TOPIC, waiter)
    first, second = uuid.uuid4(), uuid.uuid4()
    waiting = {first: waiter.expect(first), second: waiter.expect(second)}
    answers = {first: decision(), second: decision()}

    async with TestKafkaBroker(broker) as br:
        await br.publish(answers[second], topic=TOPIC, correlation_id=str(second))
        await br.publish(b"not a decision", topic=TOPIC, correlation_id=str(first))
        await br.publish(answers[first], topic=TOPIC, correlation_id=str(first))

    assert waiting[second].result() == answers[second]
    assert waiting[first].result() == answers[first]


async def test_a_reply_nobody_waits_for_is_dropped() -> None:
    waiter = ReplyWaiter()
    broker = KafkaBroker()
    subscribe_replies(broker, TOPIC, waiter)
    asked = uuid.uuid4()
    waiting = waiter.expect(asked)

    async with TestKafkaBroker(broker) as br:
        await br.publish(decision(), topic=TOPIC, correlation_id=str(uuid.uuid4()))

    assert not waiting.done()
