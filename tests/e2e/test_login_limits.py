"""Login rate limits (gateway.login_limits): the counting against the real Redis, with a clock
the test moves; then the 429 on both login routes of a running gateway."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError

from gateway.errors import ApiError
from gateway.login_limits import LoginLimits
from rlkernel.settings import Settings
from rlservice.admin_client import admin_token, create_client
from rlservice.deployment import free_port
from tests.support.infra import Infra
from tests.support.stack import Stack

pytestmark = pytest.mark.e2e

WINDOW, START = 60, 1000.0  # the window 960..1020: it ends 20 s after START
HERE, THERE = "192.0.2.1", "192.0.2.2"


class Verify:
    """A password check that answers as told and counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    async def right(self) -> str:
        self.calls += 1
        return "client"

    async def wrong(self) -> str:
        self.calls += 1
        raise ApiError(401, "invalid_credentials", "unknown user or wrong password")


class Limited:
    """LoginLimits on a namespace of its own, its clock set by the test."""

    def __init__(self, client: aioredis.Redis, **settings: int) -> None:
        self.at = START
        namespace = f"t{uuid.uuid4().hex[:10]}"  # its keys expire with their window
        self.limits = LoginLimits(
            client,
            Settings.model_validate(
                {"rls_namespace": namespace, "login_window_seconds": WINDOW} | settings
            ),
            now=lambda: self.at,
        )
        self.verify = Verify()

    async def login(self, username: str, right: bool, address: str = HERE) -> str | int:
        """The role, or the refusal's status."""
        check = self.verify.right if right else self.verify.wrong
        try:
            return await self.limits.authenticate(username, address, check)
        except ApiError as error:
            return error.status


@pytest.fixture
async def client(infra: Infra) -> AsyncIterator[aioredis.Redis]:
    connection = aioredis.Redis.from_url(infra.redis_url)
    yield connection
    await connection.aclose()


async def test_a_username_that_failed_too_often_is_refused_even_the_right_password(
    client: aioredis.Redis,
) -> None:
    logins = Limited(client, login_failures_per_username=3, login_failures_per_address=100)
    assert [await logins.login("alice", right=False) for _ in range(3)] == [401] * 3
    calls = logins.verify.calls
    with pytest.raises(ApiError) as refused:
        await logins.limits.authenticate("alice", HERE, logins.verify.right)
    assert (refused.value.status, refused.value.code) == (429, "too_many_logins")
    assert refused.value.headers == {"Retry-After": "20"}
    assert logins.verify.calls == calls, "no password is checked while refused"
    assert await logins.login("alice", right=True, address=THERE) == 429
    assert await logins.login("bob", right=True) == "client"
    logins.at = START + 20  # the next window
    assert await logins.login("alice", right=True) == "client"


async def test_an_address_that_failed_too_often_is_refused_for_every_username(
    client: aioredis.Redis,
) -> None:
    logins = Limited(client, login_failures_per_username=100, login_failures_per_address=3)
    assert await logins.login("alice", right=False) == 401
    assert await logins.login("bob", right=False) == 401
    assert await logins.login("carol", right=True) == "client"  # forgets no address failure
    assert await logins.login("dave", right=False) == 401
    assert await logins.login("erin", right=True) == 429
    assert await logins.login("erin", right=True, address=THERE) == "client"


async def test_a_success_forgets_the_username_failures_and_successes_never_count(
    client: aioredis.Redis,
) -> None:
    logins = Limited(client, login_failures_per_username=3, login_failures_per_address=100)
    assert [await logins.login("alice", right=True) for _ in range(20)] == ["client"] * 20
    assert [await logins.login("alice", right=False) for _ in range(2)] == [401] * 2
    assert await logins.login("alice", right=True) == "client"
    assert [await logins.login("alice", right=False) for _ in range(3)] == [401] * 3
    assert await logins.login("alice", right=True) == 429


async def test_only_a_few_password_checks_run_at_once(client: aioredis.Redis) -> None:
    logins = Limited(client, login_concurrent_checks=2)
    running, peak = 0, 0
    two_running, release = asyncio.Event(), asyncio.Event()

    async def slow_check() -> str:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        if running >= 2:
            two_running.set()
        await release.wait()
        running -= 1
        return "client"

    tasks = [
        asyncio.create_task(logins.limits.authenticate(f"user-{i}", HERE, slow_check))
        for i in range(6)
    ]
    await asyncio.wait_for(two_running.wait(), 10)
    release.set()
    assert await asyncio.gather(*tasks) == ["client"] * 6
    assert peak == 2


async def test_without_redis_a_login_is_refused_not_let_through() -> None:
    away = aioredis.Redis.from_url(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens
    logins = Limited(away)
    with pytest.raises(RedisConnectionError):  # outages.py makes it a 503
        await logins.limits.authenticate("alice", HERE, logins.verify.right)
    assert logins.verify.calls == 0
    await away.aclose()


def login(stack: Stack, route: str, username: str, password: str) -> httpx.Response:
    """POST /v1/tokens, or MiWaves' POST /auth/login."""
    names = ("username", "password") if route == "/v1/tokens" else ("api_user", "api_pass")
    body = dict(zip(names, (username, password), strict=True))
    return httpx.post(f"{stack.url}{route}", json=body, timeout=30)


def test_both_login_routes_answer_429_per_username_then_per_address(stack: Stack) -> None:
    stack.start("gateway", LOGIN_FAILURES_PER_USERNAME="3", LOGIN_FAILURES_PER_ADDRESS="5")
    stack.wait_until(lambda r: r["status"] != "unreachable", 60, "the gateway")
    admin = admin_token(stack.url, stack.settings())
    password = uuid.uuid4().hex
    for name in ("alice", "bob", "carol"):  # each logs in once: successes never count
        create_client(stack.url, admin, name, password, [])
    tokens, miwaves = "/v1/tokens", "/auth/login"
    failed = [login(stack, route, "alice", "wrong-password") for route in (tokens, miwaves, tokens)]
    assert [r.status_code for r in failed] == [401] * 3
    for route in (tokens, miwaves):
        refused = login(stack, route, "alice", password)  # the right one, refused all the same
        assert (refused.status_code, refused.json()["code"]) == (429, "too_many_logins")
        assert 0 < int(refused.headers["Retry-After"]) <= 900
    assert login(stack, tokens, "bob", password).status_code == 200  # same address, other name
    wrong = [login(stack, tokens, "bob", "wrong-password").status_code for _ in range(2)]
    assert wrong == [401] * 2
    refused = login(stack, miwaves, "carol", password)  # the address's 5th failure was bob's
    assert (refused.status_code, refused.json()["code"]) == (429, "too_many_logins")
