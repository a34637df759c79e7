"""The mock mobile backend: the EMA endpoint ingest pulls, and the control API tests script."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import structlog

from mockbackend import create_app
from mockbackend.__main__ import main

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WINDOW = {"start_time": "2026-03-02 08:30:00", "end_time": "2026-03-02 20:29:59"}
Client = httpx.AsyncClient


def record(user_id: str = "u1", at: str = "2026-03-02 09:00:00", **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "user_id": user_id,
        "finished_ema": True,
        "activity_question_response": "NA",
        "app_use_flag": False,
        "cannabis_use": [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        "action_taken": 1,
        "seed": 424242,
        "act_prob": 0.6,
        "policy_id": 3,
        "decision_index": 0,
        "act_gen_timestamp": at,
        "rid": 17,
        "timestamp_finished_ema": "2026-03-02 19:00:00",
        "message_notification_sent_time": "NA",
        "message_notification_click_time": "NA",
        "morning_notification_time_start": [830] * 7,
        "evening_notification_time_start": [2030] * 7,
    }
    return base | changes


def in_process(headers: dict[str, str]) -> Client:
    transport = httpx.ASGITransport(app=create_app(TOKEN))
    return Client(transport=transport, base_url="http://mock", headers=headers)


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with in_process(AUTH) as http:
        yield http


async def add(
    client: Client, *records: dict[str, Any], user_id: str = "u1", raw: bool = False
) -> Any:
    body = {"user_id": user_id, "records": list(records), "raw": raw}
    response = await client.post("/control/records", json=body)
    assert response.status_code == 200, response.text
    return response.json()["ema_ids"]


async def fault(client: Client, mode: str, times: int | None = 1, **more: Any) -> None:
    response = await client.post("/control/faults", json={"mode": mode, "times": times, **more})
    assert response.status_code == 200, response.text


async def pull(client: Client, user_id: str = "u1", **window: str) -> httpx.Response:
    return await client.post("/ema_study", json={"user_id": user_id, **(window or WINDOW)})


async def ema_data(client: Client, user_id: str = "u1", **window: str) -> dict[str, Any]:
    response = await pull(client, user_id, **window)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "success"
    return response.json()["ema_data"]  # type: ignore[no-any-return]


async def calls(client: Client) -> list[dict[str, Any]]:
    return (await client.get("/control/calls")).json()  # type: ignore[no-any-return]


async def faults(client: Client) -> list[dict[str, Any]]:
    return (await client.get("/control/faults")).json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": TOKEN},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer"},
    ],
)
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/ema_study", {"user_id": "u1", **WINDOW}),
        ("POST", "/control/records", {"user_id": "u1", "records": [record()]}),
        ("POST", "/control/faults", {"mode": "http_500", "times": 1}),
        ("GET", "/control/faults", None),
        ("DELETE", "/control/faults", None),
        ("GET", "/control/calls", None),
        ("DELETE", "/control/state", None),
    ],
)
async def test_every_route_answers_401_without_the_right_bearer_token(
    method: str, path: str, body: Any, headers: dict[str, str]
) -> None:
    async with in_process(headers) as anonymous:
        response = await anonymous.request(method, path, json=body)
    assert response.status_code == 401
    assert response.json()["status"] == "failure"
    assert response.json()["message"]


async def test_a_refused_call_stores_nothing_and_is_recorded_as_a_401(client: Client) -> None:
    bad = {"Authorization": "Bearer wrong"}
    body = {"user_id": "u1", "records": [record()]}
    assert (await client.post("/control/records", json=body, headers=bad)).status_code == 401
    query = {"user_id": "u1", **WINDOW}
    assert (await client.post("/ema_study", json=query, headers=bad)).status_code == 401
    assert await ema_data(client) == {}
    assert [(c["user_id"], c["status"]) for c in await calls(client)] == [("u1", 401), ("u1", 200)]


async def test_records_come_back_only_for_their_user_and_inside_the_window(client: Client) -> None:
    before, start, inside, end, after = (
        record(at=f"2026-03-02 {t}")
        for t in ("08:29:59", "08:30:00", "12:00:00", "20:29:59", "20:30:00")
    )
    ids = await add(client, before, start, inside, end, after)
    await add(client, record("u2", at="2026-03-02 12:00:00"), user_id="u2")

    data = await ema_data(client)

    assert data == {ids[1]: start, ids[2]: inside, ids[3]: end}  # both ends included
    assert len(set(ids)) == 5 and all(isinstance(i, str) for i in ids)


async def test_iso_8601_and_space_separated_times_are_both_accepted(client: Client) -> None:
    ids = await add(client, record(at="2026-03-02T09:00:00Z"), record(at="2026-03-02 10:00:00"))
    iso = {"start_time": "2026-03-02T08:30:00+00:00", "end_time": "2026-03-02T20:29:59Z"}
    assert set(await ema_data(client, **iso)) == set(ids)
    assert set(await ema_data(client)) == set(ids)


async def test_window_time_places_a_record_instead_of_act_gen_timestamp_and_is_not_returned(
    client: Client,
) -> None:
    late = record(at="2026-03-01 09:00:00", window_time="2026-03-02T12:00:00")
    (ema_id,) = await add(client, late)
    data = await ema_data(client)
    assert list(data) == [ema_id]
    assert "window_time" not in data[ema_id]
    assert data[ema_id]["act_gen_timestamp"] == "2026-03-01 09:00:00"


@pytest.mark.parametrize(
    "bad",
    [
        record(cannabis_use=[0, 2]),
        record(cannabis_use="none"),
        record(action_taken=True),
        record(finished_ema="yes"),
        record(act_prob=1.5),
        record(morning_notification_time_start=[830] * 6),
        record(act_gen_timestamp="yesterday"),
        record(timestamp_finished_ema="soon"),
        record(user_id="someone-else"),
        record(unexpected="field"),
        {k: v for k, v in record().items() if k != "rid"},
    ],
)
async def test_an_invalid_record_is_refused_and_nothing_of_the_call_is_stored(
    client: Client, bad: dict[str, Any]
) -> None:
    body = {"user_id": "u1", "records": [record(), bad]}
    response = await client.post("/control/records", json=body)
    assert response.status_code == 422
    assert response.json()["message"] == "record 1 is invalid"
    assert await ema_data(client) == {}


async def test_raw_records_are_stored_and_returned_exactly_as_given(client: Client) -> None:
    missing = {k: v for k, v in record().items() if k != "finished_ema"}
    garbled = {"act_gen_timestamp": "2026-03-02 10:00:00", "cannabis_use": "lots", "rid": "x"}
    placed = {"window_time": "2026-03-02 11:00:00", "whatever": [1, {"a": None}]}
    ids = await add(client, missing, garbled, placed, raw=True)
    assert await ema_data(client) == {
        ids[0]: missing,
        ids[1]: garbled,
        ids[2]: {"whatever": [1, {"a": None}]},
    }


async def test_a_raw_record_without_a_time_to_place_it_is_refused(client: Client) -> None:
    body = {"user_id": "u1", "records": [{"rid": 1}], "raw": True}
    assert (await client.post("/control/records", json=body)).status_code == 422


@pytest.mark.parametrize(
    ("mode", "status", "check"),
    [
        ("http_500", 500, lambda r: r.text == "Internal Server Error"),
        ("http_503", 503, lambda r: r.text == "Service Unavailable"),
        ("missing_ema_data", 200, lambda r: r.json() == {"status": "success"}),
        ("failure_401", 401, lambda r: r.json()["status"] == "failure" and r.json()["message"]),
    ],
)
async def test_a_scripted_fault_answers_as_named_once_then_the_backend_recovers(
    client: Client, mode: str, status: int, check: Any
) -> None:
    await add(client, record())
    await fault(client, mode, times=1)
    faulty = await pull(client)
    assert faulty.status_code == status
    assert check(faulty)
    assert len(await ema_data(client)) == 1


async def test_malformed_json_mode_answers_200_with_a_body_that_is_not_json(client: Client) -> None:
    await fault(client, "malformed_json")
    response = await pull(client)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.text)


async def test_a_fault_lasts_exactly_its_number_of_calls(client: Client) -> None:
    await fault(client, "http_503", times=3)
    assert [(await pull(client)).status_code for _ in range(2)] == [503, 503]
    assert (await faults(client))[0]["remaining"] == 1
    assert [(await pull(client)).status_code for _ in range(2)] == [503, 200]
    assert await faults(client) == []


async def test_a_fault_without_a_count_lasts_until_cleared(client: Client) -> None:
    await fault(client, "http_500", times=None)
    assert {(await pull(client)).status_code for _ in range(5)} == {500}
    assert (await client.delete("/control/faults")).status_code == 200
    assert (await pull(client)).status_code == 200


async def test_a_fault_for_one_user_leaves_the_others_alone(client: Client) -> None:
    await fault(client, "http_500", times=None, user_id="u1")
    assert (await pull(client, "u2")).status_code == 200
    assert (await pull(client, "u1")).status_code == 500


async def test_a_users_own_fault_comes_before_one_scripted_for_everyone(client: Client) -> None:
    await fault(client, "http_500", times=1)
    await fault(client, "http_503", times=1, user_id="u1")
    assert [(await pull(client, "u1")).status_code for _ in range(3)] == [503, 500, 200]


async def test_duplicate_mode_answers_each_record_twice_under_two_ids(client: Client) -> None:
    first, second = await add(client, record(rid=1), record(rid=2, at="2026-03-02 10:00:00"))
    await fault(client, "duplicate_records")
    data = await ema_data(client)
    assert len(data) == 4
    assert sorted(r["rid"] for r in data.values()) == [1, 1, 2, 2]
    assert data[first] == data[f"{first}-dup"] and data[second] == data[f"{second}-dup"]
    assert len(await ema_data(client)) == 2  # for one call only


async def test_timeout_mode_holds_the_answer_for_delay_seconds_then_answers(client: Client) -> None:
    await add(client, record())
    await fault(client, "timeout", delay_seconds=0.3)
    began = time.monotonic()
    data = await ema_data(client)
    assert time.monotonic() - began >= 0.3
    assert len(data) == 1
    assert (await calls(client))[0]["fault"] == "timeout"


async def test_a_client_that_gives_up_during_a_timeout_leaves_the_call_pending(
    client: Client,
) -> None:
    await fault(client, "timeout", delay_seconds=5)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(pull(client), 0.2)
    assert [(c["fault"], c["status"]) for c in await calls(client)] == [("timeout", None)]


async def test_every_ema_call_is_recorded_with_what_was_answered(client: Client) -> None:
    await add(client, record())
    await fault(client, "http_500")
    await pull(client)
    await pull(client)
    await pull(client, "u2", start_time="2026-03-03T08:30:00", end_time="2026-03-03T20:29:59")
    received = await calls(client)
    assert [(c["user_id"], c["status"], c["fault"], c["records"]) for c in received] == [
        ("u1", 500, "http_500", 0),
        ("u1", 200, None, 1),
        ("u2", 200, None, 0),
    ]
    assert received[2]["start_time"] == "2026-03-03T08:30:00"
    assert received[2]["end_time"] == "2026-03-03T20:29:59"
    assert all(c["received_at"] for c in received)


async def test_a_query_without_valid_times_is_refused_and_not_recorded(client: Client) -> None:
    query = {"user_id": "u1", "start_time": "x", "end_time": "y"}
    assert (await client.post("/ema_study", json=query)).status_code == 422
    assert await calls(client) == []


async def test_clearing_the_state_forgets_records_faults_and_calls(client: Client) -> None:
    await add(client, record())
    await fault(client, "http_500", times=None)
    await pull(client)
    assert (await client.delete("/control/state")).status_code == 200
    assert await faults(client) == []
    assert await calls(client) == []
    assert await ema_data(client) == {}


async def test_logs_name_users_and_counts_but_never_record_contents(client: Client) -> None:
    with structlog.testing.capture_logs() as logs:
        await add(client, record(seed=918273645))
        await fault(client, "duplicate_records")
        await pull(client)
    assert {e["event"] for e in logs} >= {"records added", "fault scripted", "ema call"}
    assert any(e.get("user_id") == "u1" and e.get("records") == 2 for e in logs)
    assert "918273645" not in repr(logs)


def test_the_server_refuses_to_start_without_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCK_BACKEND_TOKEN", " ")
    with pytest.raises(SystemExit, match="MOCK_BACKEND_TOKEN"):
        main()
    with pytest.raises(ValueError, match="token"):
        create_app("")
