"""Ids (participants, users, usernames, studies in paths) are printable text of 1 to 128
characters, and a bearer token is ASCII: anything else is refused before it is stored."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from gateway.inputs import is_id
from tests.component.gateway.edge.harness import refused
from tests.component.gateway.fakes import AnsweringPublisher, InMemoryParticipants

BAD_IDS = {
    "empty": "",
    "NUL": "a\x00b",
    "a control character": "a\x07b",
    "a newline": "a\nb",
    "a tab": "a\tb",
    "a right-to-left override": "user\u202eexe.txt",
    "a zero-width space": "a\u200bb",
    "a line separator": "a\u2028b",
    "a paragraph separator": "a\u2029b",
    "a no-break space": "a\u00a0b",
    "a private-use character": "a\ue000b",
    "a leading space": " a",
    "a trailing space": "a ",
    "129 characters": "x" * 129,
}
GOOD_IDS = ["test_user_123", "Zoë Ångström 42", "用户-1", "a.b@c+d", "x" * 128, "émoji😀"]

# Routes taking an id in their body, each with the rest of a valid body.
ID_BODIES = [
    ("/api/v1/add_user", "user_id", {}),
    ("/v1/studies/justin/participants", "participant_id", {}),
    ("/v1/clients", "username", {"password": "long-enough"}),
    ("/v1/tokens", "username", {"password": "long-enough"}),
    ("/auth/login", "api_user", {"api_pass": "long-enough"}),
    ("/auth/register", "api_user", {"api_pass": "long-enough"}),
]


@pytest.mark.parametrize("text", GOOD_IDS)
def test_printable_ids_in_any_script_are_ids(text: str) -> None:
    assert is_id(text)


@pytest.mark.parametrize("case", BAD_IDS)
def test_text_that_is_not_printable_or_too_long_is_no_id(case: str) -> None:
    assert not is_id(BAD_IDS[case])


@pytest.mark.parametrize(("path", "field", "rest"), ID_BODIES, ids=[p for p, _, _ in ID_BODIES])
async def test_a_bad_id_in_a_body_is_refused_by_field_and_nothing_is_stored(
    client: httpx.AsyncClient,
    registry: InMemoryParticipants,
    path: str,
    field: str,
    rest: dict[str, str],
) -> None:
    before = dict(registry.rows)
    for case, bad in BAD_IDS.items():
        response = await client.post(path, json={field: bad, **rest})
        message = refused(response, 422, "invalid_request")  # had SQL been reached, it raised
        assert message.startswith(f"{field}: "), case
    assert registry.rows == before


async def test_a_bad_id_in_a_path_is_refused(
    client: httpx.AsyncClient, publisher: AnsweringPublisher
) -> None:
    for case, text in BAD_IDS.items():
        bad = quote(text, safe="") or "%20"  # an empty segment would be another route
        participant = await client.get(f"/v1/studies/justin/participants/{bad}")
        assert refused(participant, 422, "invalid_request").startswith("path.participant_id"), case
        study = await client.post(f"/v1/studies/{bad}/updates", json={})
        assert refused(study, 422, "invalid_request").startswith("path.study_id: "), case
        upload = await client.post(
            f"/v1/studies/justin/participants/{bad}/decisions/0/data",
            json={"context": {}, "action": 1, "action_prob": 0.5, "outcome": {}},
        )
        assert refused(upload, 422, "invalid_request").startswith("path.participant_id"), case
    assert publisher.events == []


async def test_printable_ids_are_registered(
    client: httpx.AsyncClient, registry: InMemoryParticipants
) -> None:
    for user_id in GOOD_IDS:
        response = await client.post("/api/v1/add_user", json={"user_id": user_id})
        assert response.status_code == 201, response.text
        assert ("justin", user_id) in registry.rows


@pytest.mark.parametrize("path", ["/api/v1/add_user", "/auth/register", "/auth/logout"])
async def test_a_bearer_token_that_is_not_ascii_is_an_invalid_token(
    client: httpx.AsyncClient, registry: InMemoryParticipants, path: str
) -> None:
    before = dict(registry.rows)
    body = {"user_id": "u"} if "add_user" in path else {"api_user": "u", "api_pass": "long-enough"}
    for token in ["tökén".encode("latin-1"), "ключ".encode(), b"\x80\xff"]:
        auth = {b"Authorization": b"Bearer " + token}
        refused(await client.post(path, json=body, headers=auth), 401, "token_invalid")
    assert registry.rows == before
