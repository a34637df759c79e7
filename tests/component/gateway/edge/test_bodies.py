"""Request bodies at the edge: too large is a 413, JSON the stores cannot hold is a 422, and a
refused request publishes and stores nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.component.gateway.edge.harness import JSON, EdgeState, refused
from tests.component.gateway.fakes import AnsweringPublisher, InMemoryParticipants

LIMIT = 64 * 1024  # the default setting


def upload(user: str, outcome: str = '{"clicks": 1}', context: str = '{"temperature": 2}') -> str:
    """A JustIn upload as JSON text, so that the test can put in what json.dumps would not."""
    return (
        f'{{"user_id": "{user}", "timestamp": "2025-01-01T12:00:00Z", "decision_idx": 0, '
        f'"data": {{"context": {context}, "action": 1, "action_prob": 0.5, "outcome": {outcome}}}}}'
    )


def test_the_default_body_limit_is_64_kib(state: EdgeState) -> None:
    assert state.settings.gateway_max_body_bytes == LIMIT


async def test_a_well_formed_upload_is_published(
    client: httpx.AsyncClient, user: str, publisher: AnsweringPublisher
) -> None:
    response = await client.post("/api/v1/upload_data", content=upload(user), headers=JSON)
    assert response.status_code == 201, response.text
    assert len(publisher.events) == 1


async def test_a_body_declared_larger_than_the_limit_is_413(
    client: httpx.AsyncClient, user: str, publisher: AnsweringPublisher
) -> None:
    padding = " " * (10 * 1024 * 1024)  # 10 MB: larger than Kafka takes in one message
    response = await client.post(
        "/api/v1/upload_data", content=upload(user) + padding, headers=JSON
    )
    assert "bytes" in refused(response, 413, "payload_too_large")
    assert publisher.events == []


async def test_a_chunked_body_streaming_past_the_limit_is_413(
    client: httpx.AsyncClient, user: str, publisher: AnsweringPublisher
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield upload(user).encode()
        yield b" " * LIMIT

    response = await client.post("/api/v1/upload_data", content=chunks(), headers=JSON)
    assert "content-length" not in response.request.headers  # sent chunked
    refused(response, 413, "payload_too_large")
    assert publisher.events == []


async def test_a_body_at_the_limit_is_read(client: httpx.AsyncClient, user: str) -> None:
    body = upload(user)
    padded = body + " " * (LIMIT - len(body))
    response = await client.post("/api/v1/upload_data", content=padded, headers=JSON)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("case", "outcome", "where"),
    [
        ("NaN", '{"clicks": NaN}', "data.outcome.clicks"),
        ("Infinity", '{"clicks": Infinity}', "data.outcome.clicks"),
        ("minus Infinity", '{"clicks": -Infinity}', "data.outcome.clicks"),
        ("overflowing to Infinity", '{"clicks": 1e400}', "data.outcome.clicks"),
        ("NaN as a string", '{"clicks": "NaN"}', "data.outcome.clicks"),
        ("deep inside a list", '{"clicks": 1, "more": [1, NaN]}', "data.outcome.more.1"),
    ],
)
async def test_a_number_that_is_not_finite_is_refused_by_where_it_is(
    client: httpx.AsyncClient,
    user: str,
    publisher: AnsweringPublisher,
    case: str,
    outcome: str,
    where: str,
) -> None:
    response = await client.post("/api/v1/upload_data", content=upload(user, outcome), headers=JSON)
    assert where in refused(response, 422, "invalid_request"), case
    assert publisher.events == []


async def test_a_not_finite_number_in_a_free_form_context_is_refused(
    client: httpx.AsyncClient, user: str, publisher: AnsweringPublisher
) -> None:
    body = upload(user, context='{"temperature": 2, "extra": {"x": Infinity}}')
    response = await client.post("/api/v1/upload_data", content=body, headers=JSON)
    assert "data.context.extra.x" in refused(response, 422, "invalid_request")
    assert publisher.events == []


@pytest.mark.parametrize(
    ("case", "raw"),
    [
        ("Latin-1", '{"user_id": "café"}'.encode("latin-1")),
        ("UTF-16", json.dumps({"user_id": "u"}).encode("utf-16")),
        ("invalid bytes", b'{"user_id": "\xff\xfe"}'),
    ],
)
async def test_a_body_that_is_not_utf8_is_refused(
    client: httpx.AsyncClient, registry: InMemoryParticipants, case: str, raw: bytes
) -> None:
    before = dict(registry.rows)
    response = await client.post("/api/v1/add_user", content=raw, headers=JSON)
    assert "UTF-8" in refused(response, 422, "invalid_request"), case
    assert registry.rows == before


async def test_a_utf8_byte_order_mark_is_tolerated_as_before(client: httpx.AsyncClient) -> None:
    body = '\ufeff{"user_id": "bom-user"}'.encode()
    assert (await client.post("/api/v1/add_user", content=body, headers=JSON)).status_code == 201


@pytest.mark.parametrize("depth", [33, 300, 5000, 30000])
async def test_nesting_deeper_than_32_levels_is_refused_however_deep(
    client: httpx.AsyncClient, user: str, publisher: AnsweringPublisher, depth: int
) -> None:
    deep = "[" * depth + "]" * depth  # 5000 and more: Python's parser raises RecursionError
    body = upload(user, outcome=f'{{"clicks": {deep}}}')
    response = await client.post("/api/v1/upload_data", content=body, headers=JSON)
    assert "nested deeper than 32 levels" in refused(response, 422, "invalid_request")
    assert publisher.events == []


@pytest.mark.parametrize(
    ("case", "raw", "says"),
    [
        ("unpaired surrogate", b'{"user_id": "a\\ud800"}', "user_id: not valid Unicode"),
        ("unpaired surrogate key", b'{"\\udfff": "a"}', "body: a key is not valid Unicode"),
        ("a 5000-digit integer", b'{"user_id": ' + b"9" * 5000 + b"}", "number is too long"),
        ("not JSON", b"{not json", "not valid JSON"),
    ],
)
async def test_json_no_store_can_hold_is_refused(
    client: httpx.AsyncClient, registry: InMemoryParticipants, case: str, raw: bytes, says: str
) -> None:
    before = dict(registry.rows)
    response = await client.post("/api/v1/add_user", content=raw, headers=JSON)
    assert says in refused(response, 422, "invalid_request"), case
    assert registry.rows == before


async def test_refusals_never_echo_the_values(client: httpx.AsyncClient, user: str) -> None:
    body = upload(user, outcome='{"clicks": NaN, "note": "secret-x"}')
    response = await client.post("/api/v1/upload_data", content=body, headers=JSON)
    assert response.status_code == 422 and "secret-x" not in response.text
