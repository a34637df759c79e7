"""HTTP transports for a client that talks to the services for a long time, as a study backend
does: they ride out the connection-level failures such a client meets.

The gateway runs uvicorn with its default keep-alive time-out (5 s): a connection idle that long
is closed by the server, and a client that picks it up at that instant gets a ReadError or a
RemoteProtocolError for a request the server never read. So the client lets its idle
connections go first (KEEPALIVE_EXPIRY), and a request that is safe to send twice (a read, or an
action for a slot: a repeat gets the same decision) is sent again on any connection-level error,
a few times with a short backoff. Any other request (a registration, a stored record) is sent
again only when it provably never left: no connection was made. httpx's own
`HTTPTransport(retries=...)` covers that last case alone, hence tenacity here.

Request bodies must be replayable (json=, content=), as every body in this project is.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)
from tenacity.retry import retry_base
from tenacity.stop import stop_base

KEEPALIVE_EXPIRY = 2.0  # seconds; well under uvicorn's timeout_keep_alive of 5 s
LIMITS = httpx.Limits(keepalive_expiry=KEEPALIVE_EXPIRY)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
CONNECTION_LOST = (httpx.NetworkError, httpx.TimeoutException, httpx.RemoteProtocolError)
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass
class RetryPolicy:
    """Which requests may be sent again, how often, and how many were."""

    idempotent_posts: tuple[str, ...] = ()  # path endings of POSTs safe to repeat
    attempts: int = 4
    retried: int = 0  # requests sent again so far, over every client using it

    def resendable(self, request: httpx.Request) -> bool:
        return request.method in SAFE_METHODS or (
            request.method == "POST" and request.url.path.endswith(self.idempotent_posts)
        )

    def retry(self, request: httpx.Request) -> retry_base:
        return retry_if_exception_type(CONNECTION_LOST if self.resendable(request) else NEVER_SENT)

    def stop(self) -> stop_base:
        return stop_after_attempt(self.attempts)

    def count(self, _: RetryCallState) -> None:
        self.retried += 1


BACKOFF = wait_exponential_jitter(multiplier=0.05, max=0.5, jitter=0.05)  # seconds


class AsyncResilientTransport(httpx.AsyncBaseTransport):
    def __init__(self, policy: RetryPolicy, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.policy = policy
        self.inner = inner or httpx.AsyncHTTPTransport(limits=LIMITS)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        p = self.policy
        retrying = AsyncRetrying(
            stop=p.stop(), wait=BACKOFF, retry=p.retry(request), before_sleep=p.count, reraise=True
        )
        response: httpx.Response = await retrying(self.inner.handle_async_request, request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


class ResilientTransport(httpx.BaseTransport):
    def __init__(self, policy: RetryPolicy, inner: httpx.BaseTransport | None = None) -> None:
        self.policy = policy
        self.inner = inner or httpx.HTTPTransport(limits=LIMITS)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        p = self.policy
        retrying = Retrying(
            stop=p.stop(), wait=BACKOFF, retry=p.retry(request), before_sleep=p.count, reraise=True
        )
        response: httpx.Response = retrying(self.inner.handle_request, request)
        return response

    def close(self) -> None:
        self.inner.close()
