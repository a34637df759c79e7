"""What the gateway's HTTP metrics cost a request: `python bench/bench_http_metrics.py`.

CPU time (time.process_time) per request of an ASGI app that answers at once, bare and inside
gateway.http_metrics.HttpMetrics, in process, no sockets: the difference is the middleware's
own work (a clock read, a dict lookup, an observe). The best of several rounds, since the
machine is shared. Run it again with PROMETHEUS_MULTIPROC_DIR set to an empty folder for the
multi-worker gateway, whose observe writes to a memory-mapped file.
"""

from __future__ import annotations

import asyncio
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.http_metrics import HttpMetrics
from rlkernel.metrics import StudyLabels

REQUESTS, ROUNDS = 50_000, 7
SCOPE = {"type": "http", "method": "POST", "path": "/v1/studies/justin/actions"}


class Route:
    path = "/v1/studies/{study_id}/actions"


async def answering(scope: Scope, receive: Receive, send: Send) -> None:
    """What the router leaves in the scope for the middleware, and a response."""
    scope["route"], scope["path_params"] = Route, {"study_id": "justin"}
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


async def receive() -> Message:
    return {"type": "http.request", "body": b""}


async def send(message: Message) -> None:
    return None


async def per_request(app: ASGIApp) -> float:
    """Microseconds of CPU per request, the best round."""
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.process_time()
        for _ in range(REQUESTS):
            await app(dict(SCOPE), receive, send)
        best = min(best, (time.process_time() - started) / REQUESTS * 1e6)
    return best


async def main() -> None:
    bare = await per_request(answering)
    measured = await per_request(HttpMetrics(answering, StudyLabels(["justin"])))
    print(f"bare {bare:.2f} µs, with HttpMetrics {measured:.2f} µs: +{measured - bare:.2f} µs")


if __name__ == "__main__":
    asyncio.run(main())
