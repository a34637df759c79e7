"""Values at the edge: integers within their columns, times PostgreSQL can store, bounded
free-form objects and query parameters. A refused value publishes and stores nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.learning import LearningDeps
from tests.component.fakes import InMemoryRecord
from tests.component.gateway.edge.harness import EdgeState, refused
from tests.component.gateway.fakes import (
    AnsweringPublisher,
    InMemoryParticipants,
    InMemoryUpdateRequests,
)

INT32_MAX = 2**31 - 1
NOON = "2025-01-01T12:00:00Z"


def justin_action(user: str, **changes: Any) -> dict[str, Any]:
    return {
        "user_id": user,
        "timestamp": NOON,
        "decision_idx": 0,
        "context": {"temperature": 23},
        **changes,
    }


def justin_upload(user: str, **changes: Any) -> dict[str, Any]:
    data = {"context": {"temperature": 23}, "action": 1, "action_prob": 0.5, "outcome": {"c": 1}}
    return {"user_id": user, "timestamp": NOON, "decision_idx": 0, "data": data, **changes}


async def test_decision_indexes_beyond_32_bits_are_refused_everywhere(
    client: httpx.AsyncClient,
    user: str,
    miwaves_user: str,
    publisher: AnsweringPublisher,
    record: InMemoryRecord,
) -> None:
    for too_big in (INT32_MAX + 1, 2**63, 10**30):
        for path, body in [
            ("/api/v1/action", justin_action(user, decision_idx=too_big)),
            ("/api/v1/upload_data", justin_upload(user, decision_idx=too_big)),
            (
                "/v1/studies/justin/actions",
                {"participant_id": user, "context": {"temperature": 1}, "decision_index": too_big},
            ),
            (
                f"/v1/studies/miwaves/participants/{miwaves_user}/windows/close",
                {"decision_index": too_big},
            ),
        ]:
            message = refused(await client.post(path, json=body), 422, "invalid_request")
            assert "decision_i" in message and str(too_big) not in message, path
        path = f"/v1/studies/justin/participants/{user}/decisions/{too_big}/data"
        upload = await client.post(path, json=justin_upload(user)["data"])
        assert refused(upload, 422, "invalid_request").startswith("path.decision_index")
    assert (publisher.events, record.decisions) == ([], {})


async def test_the_largest_decision_index_is_decided(
    client: httpx.AsyncClient, user: str, record: InMemoryRecord
) -> None:
    response = await client.post("/api/v1/action", json=justin_action(user, decision_idx=INT32_MAX))
    assert response.status_code == 201, response.text
    assert [key[2] for key in record.decisions] == [INT32_MAX]


async def test_a_miwaves_context_list_of_huge_or_too_many_numbers_is_refused(
    client: httpx.AsyncClient, miwaves_user: str, publisher: AnsweringPublisher
) -> None:
    action = {
        "user_id": miwaves_user,
        "finished_ema": True,
        "activity_question_response": True,
        "app_use_flag": False,
    }
    for cannabis_use in ([2**64], [0] * 257):
        response = await client.post("/actions", json={**action, "cannabis_use": cannabis_use})
        assert "cannabis_use" in refused(response, 422, "invalid_request")
    assert publisher.events == []


@pytest.mark.parametrize(
    "timestamp",
    [
        "2025-01-01T12:00:00+16:00",
        "2025-01-01T12:00:00-16:00",
        "2025-01-01T12:00:00+23:59",
        "0001-01-01T00:30:00+01:00",  # before the year 1 in UTC
        "9999-12-31T23:30:00-01:00",  # after the year 9999 in UTC
    ],
)
async def test_a_time_postgresql_or_python_cannot_hold_is_refused(
    client: httpx.AsyncClient,
    user: str,
    publisher: AnsweringPublisher,
    learning_deps: LearningDeps,
    timestamp: str,
) -> None:
    for path, body in [
        ("/api/v1/action", justin_action(user, timestamp=timestamp)),
        ("/api/v1/upload_data", justin_upload(user, timestamp=timestamp)),
        ("/api/v1/update", {"timestamp": timestamp}),
        ("/v1/studies/justin/updates", {"timestamp": timestamp}),
    ]:
        message = refused(await client.post(path, json=body), 422, "invalid_request")
        assert message.startswith("timestamp: ") and timestamp not in message, path
    assert publisher.events == []
    assert isinstance(learning_deps.updates, InMemoryUpdateRequests)
    assert learning_deps.updates.rows == {}


@pytest.mark.parametrize("timestamp", ["2025-01-01T12:00:00+15:59", "2025-01-01T12:00:00-15:59"])
async def test_an_offset_up_to_15_59_is_taken(client: httpx.AsyncClient, timestamp: str) -> None:
    response = await client.post("/api/v1/update", json={"timestamp": timestamp})
    assert response.status_code == 202, response.text


FREE_FORM = {
    "nested 9 deep": {"temperature": 1, "x": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {}}}}}}}}},
    "257 keys": {"temperature": 1, **{f"k{i}": i for i in range(256)}},
    "a list of 257": {"temperature": 1, "x": list(range(257))},
    "a key with NUL": {"temperature": 1, "a\x00": 1},
    "a key with a newline": {"temperature": 1, "a\nb": 1},
    "a 129-character key": {"temperature": 1, "k" * 129: 1},
    "a 1025-character string": {"temperature": 1, "x": "s" * 1025},
    "a string with NUL": {"temperature": 1, "x": "a\x00b"},
    "a number beyond 64 bits": {"temperature": 1, "x": 2**64},
}


@pytest.mark.parametrize("case", FREE_FORM)
async def test_a_free_form_object_beyond_its_bounds_is_refused(
    client: httpx.AsyncClient, user: str, publisher: AnsweringPublisher, case: str
) -> None:
    context = FREE_FORM[case]
    upload = justin_upload(user)
    upload["data"]["context"] = context
    for path, body in [
        ("/api/v1/action", justin_action(user, context=context)),
        ("/v1/studies/justin/actions", {"participant_id": user, "context": context}),
        ("/api/v1/upload_data", upload),
    ]:
        assert "context" in refused(await client.post(path, json=body), 422, "invalid_request")
    assert publisher.events == []


async def test_an_outcome_with_a_bad_key_or_too_many_entries_is_refused(
    client: httpx.AsyncClient, user: str, publisher: AnsweringPublisher
) -> None:
    for outcome in ({"a\u202eb": 1}, {f"k{i}": i for i in range(257)}):
        body = justin_upload(user)
        body["data"]["outcome"] = outcome
        response = await client.post("/api/v1/upload_data", json=body)
        assert "data.outcome" in refused(response, 422, "invalid_request")
    assert publisher.events == []


async def test_an_upload_keeps_its_record_exactly(
    client: httpx.AsyncClient, user: str, publisher: AnsweringPublisher
) -> None:
    body = justin_upload(user)
    body["data"].update(state=[1, 2.5], outcome={"clicks": 3, "rate": 0.5, "seen": True})
    assert (await client.post("/api/v1/upload_data", json=body)).status_code == 201
    (event,) = publisher.events
    assert event.record == {**body["data"], "state": [1.0, 2.5]}  # type: ignore[attr-defined]


@pytest.mark.parametrize("limit", ["-1", "0", "1001", "abc", "99999999999999999999"])
async def test_a_listing_limit_out_of_range_is_refused(
    client: httpx.AsyncClient, state: EdgeState, limit: str
) -> None:
    response = await client.get("/v1/dead-letters", params={"limit": limit})
    assert refused(response, 422, "invalid_request").startswith("query.limit: ")
    assert state.listings.limits == []


async def test_a_listing_limit_in_range_is_used(
    client: httpx.AsyncClient, state: EdgeState
) -> None:
    for params in ({}, {"limit": "1"}, {"limit": "1000"}):
        assert (await client.get("/v1/dead-letters", params=params)).status_code == 200
    assert state.listings.limits == [100, 1, 1000]


async def test_notification_times_are_checked_at_registration_naming_the_field(
    client: httpx.AsyncClient, registry: InMemoryParticipants
) -> None:
    url = "/v1/studies/miwaves/participants"  # two windows a day, times from each participant
    start = {"rl_start_date": "2026-03-02", "rl_end_date": "2026-03-31"}
    for times, code in [
        ([[900, 1975]], "invalid_request"),  # 19:75 is no time
        ([[2000, 900]], "invalid_request"),  # not increasing
        ([[900, 1300, 2000]], "invalid_baseline"),  # three times, two windows
    ]:
        body = {"participant_id": "p-1", "baseline": {**start, "notification_times": times}}
        message = refused(await client.post(url, json=body), 422, code)
        assert "notification_times" in message
        assert "1975" not in message and "1300" not in message
    assert registry.rows == {}
    body = {"participant_id": "p-1", "baseline": {**start, "notification_times": [[900, 2000]]}}
    assert (await client.post(url, json=body)).status_code == 201
