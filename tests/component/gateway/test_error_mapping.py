"""Domain errors become HTTP statuses in one place, with their code and message kept."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from gateway import errors
from gateway.studies import Studies
from rldomain.errors import Conflict, DomainError, Invalid, NotFound


def kinds(root: type[DomainError] = DomainError) -> list[type[DomainError]]:
    return [k for sub in root.__subclasses__() for k in (sub, *kinds(sub))]


async def answer_to(error: Exception) -> httpx.Response:
    """What a client gets from a route whose use case raised `error`."""
    app = FastAPI()
    errors.install(app)

    @app.get("/boom")
    async def boom() -> None:
        raise error

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        return await client.get("/boom")


@pytest.mark.parametrize("kind", kinds())
def test_every_kind_of_domain_error_has_a_client_status(kind: type[DomainError]) -> None:
    assert 400 <= errors.status_of(kind("code", "message")) < 500


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound("participant_not_found", "no participant p in study s"), 404),
        (Conflict("outside_rl_dates", "no decision window now"), 409),
        (Invalid("decision_index_required", "study s needs the decision index"), 422),
    ],
)
async def test_a_domain_error_is_answered_with_its_status_code_and_message(
    error: DomainError, status: int
) -> None:
    response = await answer_to(error)
    assert response.status_code == status
    assert response.json() == {"status": "failure", "code": error.code, "message": error.message}


def test_an_unknown_study_is_not_found() -> None:
    with pytest.raises(NotFound) as refused:
        Studies({}).get("nope")
    assert (refused.value.code, refused.value.message) == ("study_not_found", "no study 'nope'")
