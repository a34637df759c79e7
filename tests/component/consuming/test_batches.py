"""A failing batch is retried as a batch, then message by message: only the poison message is
dead-lettered, the others are handled."""

from __future__ import annotations

from faststream.kafka import TestKafkaBroker

from rlkernel.events import DataUploaded
from tests.component.consuming.conftest import FAST, Handler, World, as_json, upload


def subscribe(world: World, handler: Handler) -> None:
    world.consumer.batches(world.topic, DataUploaded, group="g", max_records=10)(handler.batch)


async def test_a_batch_with_one_poison_message_handles_the_others(world: World) -> None:
    handler = Handler(poison={2})
    subscribe(world, handler)
    batch = [upload(1), upload(2), upload(3)]
    async with TestKafkaBroker(world.broker) as broker:
        await broker.publish_batch(*batch, topic=world.topic)
    as_batch, alone = handler.runs[: FAST.attempts], handler.runs[FAST.attempts :]
    assert as_batch == [[1, 2, 3]] * FAST.attempts
    assert alone == [[1]] + [[2]] * FAST.attempts + [[3]]
    assert handler.done == [1, 3]
    [letter] = world.sink.letters
    assert letter.payload == as_json(batch[1]) and letter.source_topic == world.topic


async def test_a_batch_that_fails_once_is_handled_as_a_batch(world: World) -> None:
    handler = Handler(failures=[ValueError("flaky")])
    subscribe(world, handler)
    async with TestKafkaBroker(world.broker) as broker:
        await broker.publish_batch(upload(1), upload(2), topic=world.topic)
    assert handler.runs == [[1, 2], [1, 2]] and handler.done == [1, 2]
    assert world.sink.letters == []


async def test_a_batch_waits_out_an_outage_as_a_batch(world: World) -> None:
    handler = Handler(failures=[TimeoutError("redis read timed out")] * 5)
    subscribe(world, handler)
    async with TestKafkaBroker(world.broker) as broker:
        await broker.publish_batch(upload(1), upload(2), topic=world.topic)
    assert handler.runs == [[1, 2]] * 6 and handler.done == [1, 2]
    assert world.sink.letters == []


async def test_a_handler_refusing_one_message_of_a_batch_dead_letters_that_whole_message(
    world: World,
) -> None:
    refused = upload(9)

    async def refuse_nine(events: list[DataUploaded]) -> None:
        for e in events:
            if e.decision_index == 9:  # as handlers do: only ids in their own payload
                ids = {"event_id": str(e.event_id), "participant_id": e.participant_id}
                await world.sink(world.topic, "answers no decision", ids, e.participant_id)

    world.consumer.batches(world.topic, DataUploaded, group="g", max_records=10)(refuse_nine)
    async with TestKafkaBroker(world.broker) as broker:
        await broker.publish_batch(upload(8), refused, upload(10), topic=world.topic, partition=3)
    [letter] = world.sink.letters
    assert letter.payload == as_json(refused)  # the message itself: it can be re-driven
    assert (letter.source_partition, letter.source_offset) == (3, 0)
