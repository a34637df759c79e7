"""Bad input at the edge: a 4xx JSON error with a stable code, and nothing stored or published."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import quote

import httpx
import jwt
import pytest
from sqlalchemy import create_engine, text

from tests.support.api import MIWAVES_ACTION, Api, miwaves_baseline, new_id
from tests.support.progress import wait_consumed
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e


def counts(stack: Stack) -> tuple[int, int]:
    """Decisions and participants in PostgreSQL: the record, which alone decides a slot."""
    engine = create_engine(stack.database_url)
    with engine.connect() as conn:
        decisions = conn.execute(text("SELECT count(*) FROM decisions")).scalar_one()
        people = conn.execute(text("SELECT count(*) FROM participants")).scalar_one()
    engine.dispose()
    return decisions, people


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
    # Nobody holds a role in a study that does not exist: refused before it is looked up, so a
    # caller cannot tell other tenants' study ids from unknown ones.
    assert (study.status_code, study.json()["code"]) == (403, "forbidden")


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
    ours = {"sub": api.username, "aud": "rl-service", "iss": f"rl-service/{stack.namespace}"}
    expired = jwt.encode({**ours, "jti": "j", "iat": 1, "exp": 2}, secret, algorithm="HS256")
    forged = jwt.encode(
        {**ours, "jti": "j", "iat": 1, "exp": 2**40},
        "not-the-secret-but-just-as-long-as-one-32",
        algorithm="HS256",
    )
    live = {"jti": "j", "iat": 1, "exp": 2**40}
    other_issuer = jwt.encode({**ours, **live, "iss": "elsewhere"}, secret, algorithm="HS256")
    no_audience = jwt.encode({"sub": api.username, **live}, secret, algorithm="HS256")
    admin_token = stack.settings().admin_token.get_secret_value()  # creates the first admin only
    for token, code in [
        ("garbage", "token_invalid"),
        (expired, "token_expired"),
        (forged, "token_invalid"),
        (other_issuer, "token_invalid"),
        (no_audience, "token_invalid"),
        (admin_token, "token_invalid"),
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


def test_admin_token_makes_the_first_admin_once_and_miwaves_clients_need_an_admin(
    stack: Stack,
) -> None:
    stack.start("gateway")
    stack.wait_until(
        lambda r: r.get("services", {}).get("gateway", {}).get("status") == "ok", 30, "gateway up"
    )
    http = httpx.Client(base_url=stack.url)
    credentials = {"api_user": "backend", "api_pass": "long-enough"}
    nobody = http.post("/auth/register", json=credentials)  # once open to the first caller
    assert (nobody.status_code, nobody.json()["code"]) == (401, "token_missing")
    master = {"Authorization": f"Bearer {stack.settings().admin_token.get_secret_value()}"}
    admin = {"username": "first-admin", "password": "a-long-admin-password"}
    assert http.post("/v1/bootstrap", json=admin, headers=master).status_code == 201
    again = http.post("/v1/bootstrap", json={**admin, "username": "x"}, headers=master)
    assert (again.status_code, again.json()["code"]) == (409, "already_bootstrapped")
    spent = http.post("/auth/register", json=credentials, headers=master)
    assert (spent.status_code, spent.json()["code"]) == (401, "token_invalid")

    admin_jwt = http.post("/v1/tokens", json=admin).json()["access_token"]
    as_admin = {"Authorization": f"Bearer {admin_jwt}"}
    first = http.post("/auth/register", json=credentials, headers=as_admin)
    assert first.status_code == 201 and first.json()["auth_token"], first.text
    backend = {"Authorization": f"Bearer {first.json()['auth_token']}"}
    studies = http.get("/v1/studies", headers=backend).json()["studies"]
    assert [(s["id"], s["roles"]) for s in studies] == [("miwaves", ["backend"])]
    by_backend = http.post(
        "/auth/register", json={**credentials, "api_user": "b2"}, headers=backend
    )
    assert (by_backend.status_code, by_backend.json()["code"]) == (403, "forbidden")
    wrong = http.post("/auth/login", json={**credentials, "api_pass": "wrong-password"})
    assert (wrong.status_code, wrong.json()["code"]) == (401, "invalid_credentials")

    reader = {"username": "reader", "password": "long-enough"}
    made = http.post(
        "/v1/clients",
        json={**reader, "roles": [{"study_id": "justin", "role": "analyst"}]},
        headers=as_admin,
    )
    assert made.status_code == 201, made.text
    token = http.post("/v1/tokens", json=reader).json()["access_token"]
    forbidden = http.post(
        "/api/v1/add_user", json={"user_id": "u"}, headers={"Authorization": f"Bearer {token}"}
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


# What the stores cannot hold (issue "Nothing stops, nothing lost"): each a 4xx with a stable
# code, and, once every consumer has handled whatever reached Kafka, no row anywhere.

TABLES = ("clients", "participants", "decisions", "observations", "update_requests")


def rows(stack: Stack) -> dict[str, int]:
    engine = create_engine(stack.database_url)
    with engine.connect() as conn:
        found = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}
    engine.dispose()
    return found


def settled(stack: Stack) -> None:
    """Everything published so far has been handled (and stored, had it been stored)."""
    wait_consumed(stack, "actions_requested", "decision")
    wait_consumed(stack, "data_uploaded", "ingest-upload")
    wait_consumed(stack, "updates_requested", "trainer-requests")


def raw(api: Api, path: str, content: bytes, token: str | None = None) -> httpx.Response:
    """A body json.dumps would not write, sent as JSON."""
    headers = {"Authorization": f"Bearer {token or api.token}", "content-type": "application/json"}
    return api.http.post(path, content=content, headers=headers)


def refused(response: httpx.Response, status: int, code: str) -> str:
    assert (response.status_code, response.json()["code"]) == (status, code), response.text
    return str(response.json()["message"])


def upload_text(user: str, outcome: str) -> bytes:
    data = f'{{"context": {{}}, "action": 1, "action_prob": 0.5, "outcome": {outcome}}}'
    return (
        f'{{"user_id": "{user}", "timestamp": "2025-01-01T12:00:00Z", "decision_idx": 0, '
        f'"data": {data}}}'
    ).encode()


def test_a_decision_index_beyond_its_32_bit_column_is_refused(api: Api, stack: Stack) -> None:
    user = api.add_justin_user()
    before = rows(stack)
    action = refused(api.justin_action(user, 2**31), 422, "invalid_request")
    assert action.startswith("decision_idx: ")
    native = api.post(
        "/v1/studies/justin/actions",
        {"participant_id": user, "context": {"temperature": 1}, "decision_index": 2**31},
    )
    refused(native, 422, "invalid_request")
    upload = api.post(
        f"/v1/studies/justin/participants/{user}/decisions/{2**31}/data",
        {"context": {}, "action": 1, "action_prob": 0.5, "outcome": {"clicks": 1}},
    )
    refused(upload, 422, "invalid_request")
    settled(stack)
    assert rows(stack) == before


def test_an_upload_with_infinity_or_nan_is_refused(api: Api, stack: Stack) -> None:
    stack.start("ingest")  # had an upload been published, ingest would store it
    user = api.add_justin_user()
    before = rows(stack)
    for outcome in ("Infinity", "-Infinity", "NaN", "1e400", '"NaN"'):
        response = raw(api, "/api/v1/upload_data", upload_text(user, f'{{"clicks": {outcome}}}'))
        assert "data.outcome.clicks" in refused(response, 422, "invalid_request"), outcome
    action = raw(
        api,
        "/api/v1/action",
        f'{{"user_id": "{user}", "timestamp": "2025-01-01T12:00:00Z", "decision_idx": 0, '
        '"context": {"temperature": NaN}}'.encode(),
    )
    assert "context.temperature" in refused(action, 422, "invalid_request")
    settled(stack)
    assert rows(stack) == before


def test_json_too_deep_or_not_utf8_is_refused(api: Api, stack: Stack) -> None:
    stack.start("ingest")
    user = api.add_justin_user()
    before = rows(stack)
    for depth in (300, 20000):  # 20000: Python's own parser would raise RecursionError
        deep = "[" * depth + "]" * depth
        response = raw(api, "/api/v1/upload_data", upload_text(user, f'{{"clicks": {deep}}}'))
        assert "nested deeper" in refused(response, 422, "invalid_request"), depth
    for body in ('{"user_id": "café"}'.encode("latin-1"), '{"user_id": "u"}'.encode("utf-16")):
        assert "UTF-8" in refused(raw(api, "/api/v1/add_user", body), 422, "invalid_request")
    surrogate = raw(api, "/api/v1/add_user", b'{"user_id": "a\\ud800"}')
    assert "not valid Unicode" in refused(surrogate, 422, "invalid_request")
    settled(stack)
    assert rows(stack) == before


BAD_IDS = ["a\x00b", "a\x07b", "a\nb", "a\rb", "user\u202eexe.txt", "a\u2028b", " a", "x" * 129]


def test_ids_with_nul_controls_newlines_or_bidi_overrides_are_refused(
    api: Api, stack: Stack
) -> None:
    before = rows(stack)
    for bad in BAD_IDS:
        for path, body in [
            ("/api/v1/add_user", {"user_id": bad}),
            ("/v1/studies/justin/participants", {"participant_id": bad}),
            ("/register", miwaves_baseline(bad, date(2026, 1, 5))),
            (
                "/api/v1/action",
                {
                    "user_id": bad,
                    "timestamp": "2025-01-01T12:00:00Z",
                    "decision_idx": 0,
                    "context": {"temperature": 1},
                },
            ),
        ]:
            refused(api.post(path, body), 422, "invalid_request")
        client = {"username": bad, "password": "long-enough"}
        refused(api.post("/v1/clients", client, token=api.admin_token), 422, "invalid_request")
        refused(api.http.post("/v1/tokens", json=client), 422, "invalid_request")
        path = f"/v1/studies/justin/participants/{quote(bad, safe='')}"
        refused(api.get(path), 422, "invalid_request")
    settled(stack)
    assert rows(stack) == before


def test_a_bearer_token_that_is_not_ascii_is_invalid_not_a_server_error(
    api: Api, stack: Stack
) -> None:
    before = rows(stack)
    for token in ["tökén".encode("latin-1"), "ключ".encode(), b"\xff" * 40]:
        for path in ("/api/v1/add_user", "/auth/register", "/auth/logout"):
            response = api.http.post(
                path,
                json={"user_id": "u", "api_user": "u", "api_pass": "long-enough"},
                headers={b"Authorization": b"Bearer " + token},
            )
            refused(response, 401, "token_invalid")
    settled(stack)
    assert rows(stack) == before


def test_a_body_over_64_kib_is_a_413_whether_declared_or_streamed(api: Api, stack: Stack) -> None:
    user = api.add_justin_user()
    before = rows(stack)
    headers = {"Authorization": f"Bearer {api.token}", "content-type": "application/json"}
    body = upload_text(user, '{"clicks": 1}')
    with httpx.Client(base_url=stack.url, timeout=60) as http:  # no retries: one request each
        declared = http.post("/api/v1/upload_data", content=body + b" " * 10**7, headers=headers)
        assert "65536 bytes" in refused(declared, 413, "payload_too_large")

        def chunks() -> Iterator[bytes]:
            yield body
            for _ in range(100):
                yield b" " * 1024

        streamed = http.post("/api/v1/action", content=chunks(), headers=headers)
        assert "content-length" not in streamed.request.headers
        refused(streamed, 413, "payload_too_large")
        assert http.get("/healthz").status_code in (200, 503)  # the connection still serves
    settled(stack)
    assert rows(stack) == before


def test_a_listing_limit_out_of_range_is_refused(api: Api) -> None:
    for limit in ("-1", "1001", "99999999999999999999999"):
        response = api.get(f"/v1/dead-letters?limit={limit}", token=api.admin_token)
        assert refused(response, 422, "invalid_request").startswith("query.limit: ")


def test_a_timestamp_offset_beyond_15_59_is_refused(api: Api, stack: Stack) -> None:
    user = api.add_justin_user()
    before = rows(stack)
    for stamp in ("2025-01-01T12:00:00+16:00", "2025-01-01T12:00:00-23:59"):
        action = {
            "user_id": user,
            "timestamp": stamp,
            "decision_idx": 0,
            "context": {"temperature": 1},
        }
        refused(api.post("/api/v1/action", action), 422, "invalid_request")
        refused(api.post("/api/v1/update", {"timestamp": stamp}), 422, "invalid_request")
        update = api.post("/v1/studies/justin/updates", {"timestamp": stamp})
        assert refused(update, 422, "invalid_request").startswith("timestamp: ")
    settled(stack)
    assert rows(stack) == before
