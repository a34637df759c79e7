"""The simulated backend's HTTP: a request safe to repeat survives a lost connection, any other is
repeated only when it never left, and idle connections are dropped before the gateway drops
them."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import httpx
import pytest
import uvicorn

from rlservice.live_simulation.driver import backend_retries
from rlservice.live_simulation.resilient_http import (
    KEEPALIVE_EXPIRY,
    AsyncResilientTransport,
    ResilientTransport,
)

Failure = Callable[[httpx.Request], Exception]


def flaky(failures: list[Failure]) -> tuple[httpx.MockTransport, list[str]]:
    """A server that fails the first calls as listed, then answers 200; and the calls it saw."""
    calls: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) <= len(failures):
            raise failures[len(calls) - 1](request)
        return httpx.Response(200, json={"action": 1})

    return httpx.MockTransport(answer), calls


def reset(request: httpx.Request) -> Exception:
    return httpx.ReadError("connection reset by peer", request=request)


def closed_idle(request: httpx.Request) -> Exception:
    return httpx.RemoteProtocolError("Server disconnected without sending a response")


def refused(request: httpx.Request) -> Exception:
    return httpx.ConnectError("connection refused", request=request)


async def test_an_action_request_whose_connection_was_lost_is_sent_again_and_answered() -> None:
    server, calls = flaky([reset, closed_idle])
    retries = backend_retries()
    async with httpx.AsyncClient(
        base_url="http://gateway", transport=AsyncResilientTransport(retries, server)
    ) as client:
        answer = await client.post("/actions", json={"user_id": "u1"})
    assert answer.json() == {"action": 1}
    assert calls == ["/actions"] * 3 and retries.retried == 2


async def test_a_registration_whose_connection_broke_after_sending_is_not_sent_twice() -> None:
    server, calls = flaky([reset])
    retries = backend_retries()
    async with httpx.AsyncClient(
        base_url="http://gateway", transport=AsyncResilientTransport(retries, server)
    ) as client:
        with pytest.raises(httpx.ReadError):
            await client.post("/register", json={"user_id": "u1"})
    assert calls == ["/register"] and retries.retried == 0


async def test_a_registration_that_never_reached_the_server_is_sent_again() -> None:
    server, calls = flaky([refused])
    retries = backend_retries()
    async with httpx.AsyncClient(
        base_url="http://gateway", transport=AsyncResilientTransport(retries, server)
    ) as client:
        answer = await client.post("/register", json={"user_id": "u1"})
    assert answer.status_code == 200 and calls == ["/register"] * 2


def test_a_read_gives_up_after_a_bounded_number_of_attempts() -> None:
    retries = backend_retries()
    server, calls = flaky([closed_idle] * 10)
    with (
        httpx.Client(
            base_url="http://gateway", transport=ResilientTransport(retries, server)
        ) as client,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        client.get("/v1/studies/miwaves/policies")
    assert len(calls) == retries.attempts and retries.retried == retries.attempts - 1


def test_idle_connections_are_let_go_before_uvicorn_closes_them() -> None:
    # The gateway runs uvicorn with its default keep-alive time-out.
    uvicorn_keep_alive = inspect.signature(uvicorn.Config).parameters["timeout_keep_alive"]
    assert uvicorn_keep_alive.default > KEEPALIVE_EXPIRY
