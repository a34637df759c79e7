"""One message at a time: a failure of its own is retried a few times and then dead-lettered;
a dependency that is away is waited for, however long, and nothing is dead-lettered."""

from __future__ import annotations

from faststream.kafka import TestKafkaBroker
from redis.exceptions import ConnectionError as RedisDown
from sqlalchemy.exc import OperationalError

from rlkernel.events import DataUploaded
from tests.component.consuming.conftest import FAST, Handler, World, as_json, upload


def subscribe(world: World, handler: Handler) -> None:
    world.consumer.each(world.topic, DataUploaded, group="g")(handler)


async def test_a_handler_that_fails_once_succeeds_on_the_retry(world: World) -> None:
    handler = Handler(failures=[ValueError("flaky")])
    subscribe(world, handler)
    async with TestKafkaBroker(world.broker) as broker:
        await broker.publish(upload(1), topic=world.topic)
    assert handler.runs == [[1], [1]] and handler.done == [1]
    assert world.sink.letters == []


async def test_a_handler_that_always_fails_dead_letters_the_message_and_the_next_is_handled(
    world: World,
) -> None:
    handler = Handler(poison={7})
    subscribe(world, handler)
    poison = upload(7)
    async with TestKafkaBroker(world.broker) as broker:
        await broker.publish(poison, topic=world.topic, partition=2, key=b"p-7")
        await broker.publish(upload(8), topic=world.topic)
    assert handler.runs == [[7]] * FAST.attempts + [[8]] and handler.done == [8]
    [letter] = world.sink.letters
    assert (letter.source_topic, letter.source_partition, letter.source_offset) == (
        world.topic,
        2,
        0,
    )
    assert letter.payload == as_json(poison) and letter.key == "p-7"
    assert letter.reason == "ValueError: poison: value 2147483648 is out of range"


async def test_a_dependency_that_is_away_is_waited_for_and_nothing_is_dead_lettered(
    world: World,
) -> None:
    away = [
        OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused")),
        RedisDown("Connection refused"),
        ConnectionError("broker unreachable"),
    ]
    handler = Handler(failures=away * 3)  # more failures than the bounded attempts
    subscribe(world, handler)
    async with TestKafkaBroker(world.broker) as broker:
        await broker.publish(upload(3), topic=world.topic)
    assert len(handler.runs) == len(away) * 3 + 1 and handler.done == [3]
    assert world.sink.letters == []


async def test_a_dead_letter_that_cannot_be_written_yet_is_written_when_the_table_is_back(
    world: World,
) -> None:
    world.sink.down_for = 4
    subscribe(world, Handler(poison={5}))
    async with TestKafkaBroker(world.broker) as broker:
        await broker.publish(upload(5), topic=world.topic)
    [letter] = world.sink.letters
    assert letter.payload["decision_index"] == 5 and world.sink.down_for == 0
