"""A message that is not its topic's event is dead-lettered at once, where it was, as it was."""

from __future__ import annotations

from aiokafka import ConsumerRecord
from faststream.kafka import TestKafkaBroker

from rlkernel.events import DataUploaded
from tests.component.consuming.conftest import Handler, World, as_json, upload

JSON = {"content-type": "application/json"}


def subscribe(world: World, handler: Handler) -> None:
    world.consumer.each(world.topic, DataUploaded, group="g")(handler)


async def test_a_message_that_is_not_json_is_dead_lettered_at_once_as_raw_text(
    world: World,
) -> None:
    handler = Handler()
    subscribe(world, handler)
    async with TestKafkaBroker(world.broker) as broker:
        await broker.publish(b"{not json", topic=world.topic, headers=JSON, partition=1)
        await broker.publish(upload(4), topic=world.topic)
    assert handler.runs == [[4]]  # the broken one never reached the handler
    [letter] = world.sink.letters
    assert letter.payload == {} and letter.payload_text == "{not json"
    assert letter.source_partition == 1 and letter.reason.startswith("Unparsable:")


async def test_a_field_that_became_null_is_dead_lettered_at_once_naming_the_field_only(
    world: World,
) -> None:
    handler = Handler()
    subscribe(world, handler)
    broken = as_json(upload(6)) | {"participant_id": None, "decision_index": "secret-answer"}
    async with TestKafkaBroker(world.broker) as broker:
        await broker.publish(broken, topic=world.topic)
    assert handler.runs == []
    [letter] = world.sink.letters
    assert letter.payload == broken  # the decoded JSON, to inspect and re-drive
    assert "participant_id" in letter.reason and "decision_index" in letter.reason
    assert "secret-answer" not in letter.reason


async def test_a_dead_letter_records_the_offset_the_message_was_consumed_at(world: World) -> None:
    subscribe(world, Handler(poison={1}))
    event = upload(1)
    record = ConsumerRecord(
        topic=world.topic,
        partition=3,
        offset=41,
        timestamp=0,
        timestamp_type=0,
        key=event.participant_id.encode(),
        value=event.model_dump_json().encode(),
        checksum=None,
        serialized_key_size=0,
        serialized_value_size=0,
        headers=[],
    )
    async with TestKafkaBroker(world.broker) as broker:
        [subscriber] = broker.subscribers
        await subscriber.process_message(record)  # as the real consumer hands it over
    [letter] = world.sink.letters
    assert (letter.source_partition, letter.source_offset) == (3, 41)
    assert letter.key == event.participant_id
