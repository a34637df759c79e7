"""Bad input at the edge: a 4xx JSON error with a stable code, and nothing stored or published."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import jwt
import pytest
import redis
from sqlalchemy import create_engine, text

from tests.support.api import MIWAVES_ACTION, Api, miwaves_baseline, new_id
from tests.support.progress import wait_consumed
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e


def counts(stack: Stack) -> tuple[int, int, int]:
    """Decisions and participants in PostgreSQL, slot claims in Redis."""
    engine = create_engine(stack.database_url)
    with engine.connect() as conn:
        decisions = conn.execute(text("SELECT count(*) FROM decisions")).scalar_one()
        people = conn.execute(text("SELECT count(*) FROM participants")).scalar_one()
    engine.dispose()
    claims = len(list(redis.Redis.from_url(stack.redis_url).scan_iter(f"{stack.namespace}:slot:*")))
    return decisions, people, claims


BAD_ACTIONS: list[tuple[str, dict[str, Any]]] = [
    ("missing field", {k: v for k, v in MIWAVES_ACTION.items() if k != "finished_ema"}),
    ("extra field", {**MIWAVES_ACTION, "mood": 3}),
    ("mistyped bool", {**MIWAVES_ACTION, "finished_ema": "yes"}),
    ("mistyped list", {**MIWAVES_ACTION, "cannabis_use": "lots"}),
    ("number as bool", {**MIWAVES_ACTION, "app_use_flag": 1}),
]


@pytest.mark.parametrize(("case", "body"), BAD_ACTIONS, ids=[c for c, _ in BAD_ACTIONS])
def test_a_malformed_action_is_refused_and_nothing_is_stored(
    api: Api, stack: Stack, case: str, body: dict[str, Any]
) -> None:
    user = api.register_miwaves()
    before = counts(stack)
    response = api.post("/actions", {"user_id": user, **body})
    assert response.status_code == 422, case
    assert response.json()["code"] == "invalid_request"
    wait_consumed(stack, "actions_requested", "decision")  # had anything been asked, it was
    wait_consumed(stack, "decisions_made", "decision-recorder")  # decided and recorded by now
    assert counts(stack) == before


def test_a_wrong_context_is_refused_by_field_name_without_echoing_values(api: Api) -> None:
    user = api.add_justin_user()
    response = api.post(
        "/api/v1/action",
        {
            "user_id": user,
            "timestamp": "2025-01-01T12:00:00Z",
            "decision_idx": 0,
            "context": {"temp": "secret-x"},
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_context"
    assert "temperature: missing" in response.json()["message"]
    assert "secret-x" not in response.text


def test_unknown_participants_and_studies_are_not_found(api: Api) -> None:
    missing = api.post("/actions", {"user_id": new_id(), **MIWAVES_ACTION})
    assert (missing.status_code, missing.json()["code"]) == (404, "participant_not_found")
    study = api.post("/v1/studies/nope/actions", {"participant_id": "x", "context": {}})
    assert (study.status_code, study.json()["code"]) == (404, "study_not_found")


def test_a_withdrawn_participant_gets_no_action(api: Api, stack: Stack) -> None:
    user = api.register_miwaves()
    changed = api.post(f"/v1/studies/miwaves/participants/{user}/status", {"status": "WITHDRAWN"})
    assert changed.json()["participant"]["status"] == "WITHDRAWN"
    before = counts(stack)
    response = api.post("/actions", {"user_id": user, **MIWAVES_ACTION})
    assert (response.status_code, response.json()["code"]) == (409, "participant_not_active")
    assert counts(stack) == before


def test_an_action_outside_the_rl_dates_is_refused(api: Api) -> None:
    user = api.register_miwaves(days_ago=40)  # its 30 days ended ten days ago
    response = api.post("/actions", {"user_id": user, **MIWAVES_ACTION})
    assert (response.status_code, response.json()["code"]) == (409, "outside_rl_dates")


def test_registration_refuses_an_evening_before_the_morning_and_duplicates(api: Api) -> None:
    user = new_id()
    bad = miwaves_baseline(user, date(2026, 1, 5))
    bad["evening_notification_time_start"] = [700] * 7
    bad["morning_notification_time_start"] = [800] * 7
    refused = api.post("/register", bad)
    assert (refused.status_code, refused.json()["code"]) == (422, "invalid_request")
    good = miwaves_baseline(user, date(2026, 1, 5))
    assert api.post("/register", good).status_code == 200
    again = api.post("/register", good)
    assert (again.status_code, again.json()["code"]) == (409, "participant_exists")


def test_garbage_expired_and_revoked_tokens_are_refused(api: Api, stack: Stack) -> None:
    user = api.add_justin_user()
    secret = stack.settings().jwt_secret.get_secret_value()
    expired = jwt.encode(
        {"sub": "x", "role": "client", "jti": "j", "iat": 1, "exp": 2}, secret, algorithm="HS256"
    )
    forged = jwt.encode(
        {"sub": "x", "role": "admin", "jti": "j", "exp": 2**40},
        "not-the-secret-but-just-as-long-as-one-32",
        algorithm="HS256",
    )
    for token, code in [
        ("garbage", "token_invalid"),
        (expired, "token_expired"),
        (forged, "token_invalid"),
    ]:
        response = api.post(
            "/api/v1/action",
            {
                "user_id": user,
                "timestamp": "2025-01-01T00:00:00Z",
                "decision_idx": 0,
                "context": {"temperature": 1},
            },
            token=token,
        )
        assert (response.status_code, response.json()["code"]) == (401, code)
    assert (
        api.http.post("/api/v1/add_user", json={"user_id": "x"}).json()["code"] == "token_missing"
    )
    assert api.post("/auth/logout", {}).status_code == 200
    revoked = api.justin_action(user, 0)
    assert (revoked.status_code, revoked.json()["code"]) == (401, "token_revoked")


def test_miwaves_registration_is_open_only_until_the_first_client_exists(stack: Stack) -> None:
    stack.start("gateway")
    stack.wait_until(
        lambda r: r.get("services", {}).get("gateway", {}).get("status") == "ok", 30, "gateway up"
    )
    http = httpx.Client(base_url=stack.url)
    first = http.post("/auth/register", json={"api_user": "backend", "api_pass": "long-enough"})
    assert first.status_code == 201 and first.json()["auth_token"]
    second = http.post("/auth/register", json={"api_user": "intruder", "api_pass": "long-enough"})
    assert (second.status_code, second.json()["code"]) == (401, "admin_required")
    token = http.post("/auth/login", json={"api_user": "backend", "api_pass": "long-enough"})
    assert token.json()["status"] == "success"
    wrong = http.post("/auth/login", json={"api_user": "backend", "api_pass": "wrong-password"})
    assert (wrong.status_code, wrong.json()["code"]) == (401, "invalid_credentials")
    analyst = stack.settings().admin_token.get_secret_value()
    made = http.post(
        "/v1/clients",
        json={"username": "reader", "password": "long-enough", "role": "analyst"},
        headers={"Authorization": f"Bearer {analyst}"},
    )
    assert made.status_code == 201
    reader = http.post("/v1/tokens", json={"username": "reader", "password": "long-enough"})
    forbidden = http.post(
        "/api/v1/add_user",
        json={"user_id": "u"},
        headers={"Authorization": f"Bearer {reader.json()['access_token']}"},
    )
    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "forbidden")


def test_no_malformed_request_produces_a_server_error(api: Api) -> None:
    bodies: list[Any] = [
        None,
        [],
        "text",
        3,
        {"user_id": None},
        {"user_id": 5},
        {"user_id": "x" * 5000},
        {"user_id": "u", "decision_idx": -1},
    ]
    for path in (
        "/actions",
        "/register",
        "/api/v1/action",
        "/api/v1/add_user",
        "/v1/studies/miwaves/actions",
        "/v1/studies/miwaves/participants",
        "/auth/login",
    ):
        for body in bodies:
            response = api.post(path, body)
            assert 400 <= response.status_code < 500, (path, body, response.status_code)
            assert response.json()["status"] == "failure"
        raw = api.http.post(
            path,
            content=b"{not json",
            headers={"Authorization": f"Bearer {api.token}", "content-type": "application/json"},
        )
        assert 400 <= raw.status_code < 500
