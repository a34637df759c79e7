"""Domain errors become HTTP statuses in one place, with their code and message kept."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from gateway import errors
from gateway.studies import Studies
from rldomain.errors import Conflict, DomainError, Invalid, NotFound, Unavailable


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
def test_every_kind_of_domain_error_has_a_mapped_status(kind: type[DomainError]) -> None:
    assert errors.status_of(kind("code", "message")) in (403, 404, 409, 422, 503)


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


async def test_a_store_that_is_away_is_a_503_with_retry_after() -> None:
    response = await answer_to(Unavailable("record_unavailable", "the record is away"))
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(Unavailable.retry_after_seconds)
    assert response.json()["code"] == "record_unavailable"


def test_an_unknown_study_is_not_found() -> None:
    with pytest.raises(NotFound) as refused:
        Studies({}).get("nope")
    assert (refused.value.code, refused.value.message) == ("study_not_found", "no study 'nope'")
