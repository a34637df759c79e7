"""Both login routes count a failure against the caller's address read behind TRUSTED_PROXIES
(gateway.forwarded), not the proxy's: through the whole app, its login limits a recorder."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from ipaddress import ip_network
from typing import Any

import pytest

from gateway.errors import ApiError
from tests.component.gateway.edge.harness import EdgeState, serve

INGRESS, CLIENT = "10.1.2.3", "198.51.100.7"
LOGINS = [
    ("/v1/tokens", {"username": "alice", "password": "wrong-password"}),
    ("/auth/login", {"api_user": "alice", "api_pass": "wrong-password"}),
]


class RecordingLogins:
    """The login limits, recording the address each login is counted against."""

    def __init__(self) -> None:
        self.addresses: list[str] = []

    async def authenticate(
        self, username: str, address: str, verify: Callable[[], Awaitable[Any]]
    ) -> Any:
        self.addresses.append(address)
        return await verify()


class NoPasswordIsRight:
    async def authenticate(self, username: str, password: str) -> str:
        raise ApiError(401, "invalid_credentials", "unknown user or wrong password")


@pytest.fixture(autouse=True)
def accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    # The harness's client accounts refuse any use; a login's password check is one here.
    monkeypatch.setattr(EdgeState, "clients", property(lambda _: NoPasswordIsRight()))


async def login_from(state: EdgeState, peer: str, path: str, body: dict[str, str]) -> str:
    """The address a login from `peer`, with a forged and a proxy's X-Forwarded-For, counts
    against."""
    state.logins = RecordingLogins()
    headers = {"X-Forwarded-For": f"203.0.113.9, {CLIENT}"}  # the left one forged
    async with serve(state, peer=(peer, 40000)) as client:
        response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 401, response.text
    [address] = state.logins.addresses
    return str(address)


@pytest.mark.parametrize(("path", "body"), LOGINS)
async def test_behind_a_trusted_proxy_the_client_it_forwarded_is_counted(
    state: EdgeState, path: str, body: dict[str, str]
) -> None:
    trusted = (ip_network("10.0.0.0/8"),)
    state.settings = state.settings.model_copy(update={"trusted_proxies": trusted})
    assert await login_from(state, INGRESS, path, body) == CLIENT


@pytest.mark.parametrize(("path", "body"), LOGINS)
async def test_without_trusted_proxies_the_peer_is_counted_whatever_it_forwards(
    state: EdgeState, path: str, body: dict[str, str]
) -> None:
    assert state.settings.trusted_proxies == ()  # the default
    assert await login_from(state, INGRESS, path, body) == INGRESS
