"""One consumed Kafka message as the consumer runtime handles it, and the messages being
handled right now: a dead letter written meanwhile learns from them where its message was."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from aiokafka import ConsumerRecord
from pydantic import ValidationError

from rlkernel.events import Event
from rlkernel.redaction import describe

E = TypeVar("E", bound=Event)


class Unparsable(Exception):
    """The message is not its topic's event (not JSON, a field missing or of the wrong type)."""


@dataclass(frozen=True)
class Delivery:
    topic: str
    partition: int
    offset: int
    key: str | None
    value: bytes

    @classmethod
    def of(cls, record: ConsumerRecord[Any, Any]) -> Delivery:
        key = bytes(record.key).decode(errors="replace") if record.key else None
        return cls(record.topic, record.partition, record.offset, key, bytes(record.value or b""))

    @cached_property
    def body(self) -> Any:
        """The decoded JSON, or the raw text when the value is not JSON."""
        try:
            return json.loads(self.value)
        except ValueError:  # not JSON, or not even UTF-8
            return self.value.decode(errors="replace")

    def shown(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}

    def event(self, model: type[E]) -> E:
        """The message as its topic's event; raises Unparsable (retrying cannot change it)."""
        try:
            return model.model_validate_json(self.value)
        except ValidationError as exc:  # invalid JSON included
            raise Unparsable(describe(exc)) from exc


_handling: ContextVar[tuple[Delivery, ...]] = ContextVar("rls_handling", default=())


@contextmanager
def handling(deliveries: Sequence[Delivery]) -> Iterator[None]:
    """Marks the messages a handler (or the runtime) is working on in this task."""
    token = _handling.set(tuple(deliveries))
    try:
        yield
    finally:
        _handling.reset(token)


def delivery_of(source_topic: str, payload: Mapping[str, Any]) -> Delivery | None:
    """The message being handled that a dead letter about `payload` is about: the only one
    from that topic, or the one whose event_id the payload names."""
    current = [d for d in _handling.get() if d.topic == source_topic]
    if len(current) == 1:
        return current[0]
    named = str(payload.get("event_id", ""))
    matches = [d for d in current if d.shown().get("event_id") == named] if named else []
    return matches[0] if len(matches) == 1 else None
