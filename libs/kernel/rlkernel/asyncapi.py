"""The event catalog as an AsyncAPI 3.0 document: the topics, the event each carries, its
partition key, and which service sends and which receives it.

Made from rlkernel.events and rlkernel.topics, so it cannot drift from them; served by the
gateway at GET /asyncapi.json and written by `rlservice asyncapi` (docs/asyncapi.json)."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from rlkernel.events import (
    CATALOG,
    ActionRequested,
    DataUploaded,
    DeadLettered,
    DecisionMade,
    Event,
    NotificationTimesChanged,
    ObservationIngested,
    ParticipantStatusChanged,
    PolicyControlChanged,
    PolicyUpdated,
    StudyControlChanged,
    UpdateRequested,
    WindowClosed,
)
from rlkernel.topics import Topics, TopicSpec

SCHEMAS = "#/components/schemas/{model}"
KAFKA_BINDING = "0.5.0"
REPLIES = "replies"  # the channel of every gateway instance's reply topic

# Who publishes and who consumes each event, by service. DecisionMade's topic is read by audits
# and replays, not by a service: the gateway gets its decision on its reply topic. The gateway
# publishes a fallback decision itself when the decision service does not answer in time.
FLOWS: dict[type[Event], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ActionRequested: (("gateway",), ("decision",)),
    DecisionMade: (("decision", "gateway"), ()),
    WindowClosed: (("gateway", "ingest"), ("ingest",)),
    DataUploaded: (("gateway",), ("ingest",)),
    ObservationIngested: (("ingest",), ("trainer",)),
    UpdateRequested: (("gateway",), ("trainer",)),
    PolicyUpdated: (("trainer",), ("decision",)),
    PolicyControlChanged: (("gateway",), ("decision",)),
    StudyControlChanged: (("gateway",), ("decision",)),
    ParticipantStatusChanged: (("gateway",), ()),
    NotificationTimesChanged: (("gateway", "ingest"), ()),
    DeadLettered: (("decision", "ingest", "trainer"), ()),
}


def document(topics: Topics) -> dict[str, Any]:
    _, definitions = models_json_schema(
        [(event, "serialization") for event in CATALOG], ref_template=SCHEMAS
    )
    specs = {spec.name: spec for spec in topics.specs()}
    channels = {e.topic_attr: channel(specs[getattr(topics, e.topic_attr)], e) for e in CATALOG}
    channels[REPLIES] = {
        "address": topics.replies("{gateway_instance}"),
        "description": "Decisions answered to the gateway instance that asked (its reply_to), "
        "with the request_id as the correlation_id header; kept an hour.",
        "parameters": {"gateway_instance": {"description": "The asking gateway's instance id."}},
        "messages": {"DecisionMade": {"$ref": "#/components/messages/DecisionReply"}},
    }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "rl-service events",
            "version": "1",
            "description": "Every message on Kafka: one event model each, JSON, with event_id "
            "(consumers are idempotent on it) and schema_version (a consumer refuses one it "
            f"does not know). Topic names start with the deployment's namespace, here "
            f"{topics.namespace!r}.",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations(),
        "components": {"schemas": definitions["$defs"], "messages": messages()},
    }


def channel(spec: TopicSpec, event: type[Event]) -> dict[str, Any]:
    kept = "forever (replayed by audits)" if spec.audit else f"{spec.retention_ms} ms"
    return {
        "address": spec.name,
        "description": f"Partitioned by the event's {event.key_field}; kept {kept}.",
        "messages": {event.__name__: {"$ref": f"#/components/messages/{event.__name__}"}},
        "bindings": {
            "kafka": {
                "topic": spec.name,
                "partitions": spec.partitions,
                "topicConfiguration": {"retention.ms": int(spec.retention_ms)},
                "bindingVersion": KAFKA_BINDING,
            }
        },
    }


def messages() -> dict[str, Any]:
    found = {event.__name__: message(event) for event in CATALOG}
    found["DecisionReply"] = {
        **found["DecisionMade"],
        "name": "DecisionReply",
        "correlationId": {"location": "$message.header#/correlation_id"},
        "bindings": {"kafka": {"bindingVersion": KAFKA_BINDING}},  # no key: one partition
    }
    return found


def message(event: type[Event]) -> dict[str, Any]:
    key = {"type": "string", "description": f"The event's {event.key_field}, UTF-8."}
    return {
        "name": event.__name__,
        **({"summary": " ".join(event.__doc__.split())} if event.__doc__ else {}),
        "payload": {"$ref": SCHEMAS.format(model=event.__name__)},
        "bindings": {"kafka": {"key": key, "bindingVersion": KAFKA_BINDING}},
    }


def operations() -> dict[str, Any]:
    """`<service>Send<Event>` and `<service>Receive<Event>`; the action request's carry the
    reply, sent to the topic its reply_to names."""
    reply = {
        "address": {"location": "$message.payload#/reply_to"},
        "channel": {"$ref": f"#/channels/{REPLIES}"},
        "messages": [{"$ref": f"#/channels/{REPLIES}/messages/DecisionMade"}],
    }
    found: dict[str, Any] = {}
    for event, (senders, receivers) in FLOWS.items():
        name, attr = event.__name__, event.topic_attr
        for action, services in (("send", senders), ("receive", receivers)):
            for service in services:
                found[f"{service}{action.title()}{name}"] = {
                    "action": action,
                    "channel": {"$ref": f"#/channels/{attr}"},
                    "messages": [{"$ref": f"#/channels/{attr}/messages/{name}"}],
                    **({"reply": reply} if event is ActionRequested else {}),
                }
    return found
