"""The AsyncAPI document (rlkernel.asyncapi) against what it describes: the event models, the
topics, the services' subscriptions, and the committed docs/asyncapi.json."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from faststream.specification.asyncapi.v3_0_0.schema import ApplicationSchema

from rlkernel.asyncapi import FLOWS, SCHEMAS, document
from rlkernel.events import CATALOG, Event
from rlkernel.topics import Topics

ROOT = Path(__file__).resolve().parents[2]
TOPICS = Topics("rls")
DOC = document(TOPICS)


def resolve(pointer: str) -> Any:
    assert pointer.startswith("#/"), pointer
    found: Any = DOC
    for part in pointer[2:].split("/"):
        found = found[part.replace("~1", "/").replace("~0", "~")]
    return found


def references(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for value in node.values() for r in references(value)]
    if isinstance(node, list):
        return [r for value in node for r in references(value)]
    return []


def test_it_is_an_asyncapi_3_document_whose_references_all_resolve() -> None:
    assert DOC["asyncapi"] == "3.0.0" and {"title", "version"} <= DOC["info"].keys()
    ApplicationSchema.model_validate(DOC)  # FastStream's AsyncAPI 3.0 object model
    for pointer in references(DOC):
        resolve(pointer)
    for name, operation in DOC["operations"].items():
        channel = operation["channel"]["$ref"]
        assert operation["action"] in ("send", "receive"), name
        assert all(m["$ref"].startswith(f"{channel}/messages/") for m in operation["messages"])


@pytest.mark.parametrize("event", CATALOG, ids=lambda e: e.__name__)
def test_every_event_is_a_message_with_its_models_json_schema(event: type[Event]) -> None:
    schema = DOC["components"]["schemas"][event.__name__]
    assert schema == event.model_json_schema(mode="serialization", ref_template=SCHEMAS)
    channel = DOC["channels"][event.topic_attr]
    assert channel["address"] == getattr(TOPICS, event.topic_attr)
    message = resolve(channel["messages"][event.__name__]["$ref"])
    assert resolve(message["payload"]["$ref"]) is schema
    assert event.key_field in message["bindings"]["kafka"]["key"]["description"]


def test_every_topic_is_a_channel() -> None:
    addresses = {channel["address"] for channel in DOC["channels"].values()}
    topics = {spec.name for spec in TOPICS.specs()} | {TOPICS.replies("{gateway_instance}")}
    assert addresses == topics


def test_each_service_receives_what_its_subscribers_consume() -> None:
    assert set(FLOWS) == set(CATALOG)
    for service in ("decision", "ingest", "trainer"):
        source = (ROOT / "services" / service / service / "subscribers.py").read_text()
        consumed = set(re.findall(r"consume\.\w+\(\s*topics\.\w+,\s*(\w+)", source))
        received = {e.__name__ for e, (_, receivers) in FLOWS.items() if service in receivers}
        assert consumed == received, service


def test_the_committed_document_is_the_generated_one() -> None:
    written = json.loads((ROOT / "docs" / "asyncapi.json").read_text())
    assert written == DOC, "stale: run `rlservice asyncapi > docs/asyncapi.json`"
