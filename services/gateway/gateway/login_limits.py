"""Login rate limits: a username or an address that has FAILED to log in too often within a
window is refused with a 429 `too_many_logins` and a Retry-After before any password is
checked, even the right one; and one gateway process checks only a few passwords at once.

Why: a password check is argon2, costly by design. Without limits, parallel wrong logins guess
passwords freely and fill the worker threads that the action path needs for its own queries.

Only failures count, so a backend or a test suite that logs in often from one address is never
refused. A success clears its username's count (a typo or two is forgotten) but not its
address's: otherwise one valid account would let an address guess other accounts' passwords.

Counts are kept per fixed window of the clock (one Redis key per window, expiring with it): at
a window's edge a username may fail up to twice its limit in a row, and never more than its
limit within one window. The keys are shared by every gateway process; a flushed or restarted
Redis forgets recent failures, which is acceptable. An address is the caller's, read behind
the proxies in TRUSTED_PROXIES (gateway.forwarded). Redis away: its connection error reaches
outages.py, a 503, so logins fail closed rather than go unlimited. Checks running at the same
time each see the count before the others fail: a process lets through at most
`login_concurrent_checks - 1` failures beyond a limit."""

from __future__ import annotations

import asyncio
import hashlib
import math
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import redis.asyncio as aioredis

from gateway.errors import ApiError
from rlkernel.settings import Settings

T = TypeVar("T")


class LoginLimits:
    def __init__(
        self, client: aioredis.Redis, settings: Settings, now: Callable[[], float] = time.time
    ) -> None:
        self.redis, self.now = client, now  # real time: Retry-After is in real seconds
        self.prefix = f"{settings.rls_namespace}:login"
        self.window = settings.login_window_seconds
        self.per_username = settings.login_failures_per_username
        self.per_address = settings.login_failures_per_address
        self.checks = asyncio.Semaphore(settings.login_concurrent_checks)

    async def authenticate(
        self, username: str, address: str, verify: Callable[[], Awaitable[T]]
    ) -> T:
        """What `verify()`, the password check, returns, unless the username or the address
        is refused; a 401 ApiError from it counts as a failure of both."""
        # The counts are read once a check may run, so a login that waited sees the failures
        # of those before it.
        async with self.checks:
            now = self.now()
            window = int(now // self.window)
            user_key = f"{self.prefix}:user:{_digest(username)}:{window}"
            address_key = f"{self.prefix}:address:{address}:{window}"
            by_user, by_address = await self.redis.mget(user_key, address_key)
            if int(by_user or 0) >= self.per_username or int(by_address or 0) >= self.per_address:
                retry_after = math.ceil((window + 1) * self.window - now)
                raise ApiError(
                    429,
                    "too_many_logins",
                    f"too many failed logins; try again in {retry_after} s",
                    headers={"Retry-After": str(retry_after)},
                )
            try:
                result = await verify()
            except ApiError as error:
                if error.status == 401:
                    await self._count_failure(user_key, address_key)
                raise
            await self.redis.delete(user_key)
            return result

    async def _count_failure(self, *keys: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            for key in keys:
                pipe.incr(key)
                pipe.expire(key, self.window)  # only read within its window: then garbage
            await pipe.execute()


def _digest(username: str) -> str:
    # A username is up to 128 characters of any script: its digest makes a short, plain key.
    return hashlib.sha256(username.encode()).hexdigest()[:32]
