"""Kafka's IncrementalAlterConfigs (KIP-339), which aiokafka lacks: it sets the named topic
settings and leaves every other one as it is. aiokafka's alter_configs sends the older
AlterConfigs, which REPLACES a topic's whole set of settings: correcting retention with it
would silently reset anything an operator had set by hand."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import for_code
from aiokafka.protocol.api import Request, RequestStruct, Response
from aiokafka.protocol.types import Array, Boolean, Int8, Int16, Int32, Schema, String

API_KEY = 44
TOPIC = 2  # resource type
SET = 0  # config operation


class IncrementalAlterConfigsResponse_v0(Response):  # type: ignore[misc]
    API_KEY = API_KEY
    API_VERSION = 0
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        (
            "responses",
            Array(
                ("error_code", Int16),
                ("error_message", String("utf-8")),
                ("resource_type", Int8),
                ("resource_name", String("utf-8")),
            ),
        ),
    )


class IncrementalAlterConfigsRequest_v0(RequestStruct):  # type: ignore[misc]
    API_KEY = API_KEY
    API_VERSION = 0
    RESPONSE_TYPE = IncrementalAlterConfigsResponse_v0
    SCHEMA = Schema(
        (
            "resources",
            Array(
                ("resource_type", Int8),
                ("resource_name", String("utf-8")),
                (
                    "configs",
                    Array(
                        ("name", String("utf-8")),
                        ("config_operation", Int8),
                        ("value", String("utf-8")),
                    ),
                ),
            ),
        ),
        ("validate_only", Boolean),
    )


class IncrementalAlterConfigsRequest(Request[IncrementalAlterConfigsRequest_v0]):  # type: ignore[misc]
    API_KEY = API_KEY

    def __init__(self, resources: list[Any]) -> None:
        self._resources = resources

    def build(
        self, request_struct_class: type[IncrementalAlterConfigsRequest_v0]
    ) -> IncrementalAlterConfigsRequest_v0:
        return request_struct_class(self._resources, False)


async def set_topic_configs(
    admin: AIOKafkaAdminClient, changes: Mapping[str, Mapping[str, str]]
) -> None:
    """Sets `changes` (topic -> setting -> value); raises Kafka's error for a refused one."""
    if not changes:
        return
    resources = [
        (TOPIC, topic, [(name, SET, value) for name, value in configs.items()])
        for topic, configs in changes.items()
    ]
    # Any broker takes it (KRaft forwards it to the controller); admin has no public way in.
    response = await admin._send_request(IncrementalAlterConfigsRequest(resources))
    for error_code, message, _, topic in response.responses:
        if error_code:
            raise for_code(error_code)(f"setting {topic}'s configs: {message}")
