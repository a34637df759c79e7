"""HTTP requests by route template, method, status and study, with their latency.

One histogram: its `_count` is the requests, its buckets the latency. The labels come from
what the router matched, never from the raw path or a header, so they stay few: the route's
template (`/v1/studies/{study_id}/actions`; `unmatched` when no route matched, as for a 404
or a body refused before routing), a known method or `other`, the status code, and the study
(see `StudyLabels`). A route naming no study in its path but acting for one (the MiWaves and
JustIn routes) says which in the scope (`STUDY_KEY`, set by gateway.deps). The per-request
cost is a clock read, a dict lookup and an observe.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rlkernel.metrics import StudyLabels

STUDY_KEY = "rls.study"  # the study a route acts for, when its path does not name one
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

REQUESTS = Histogram(
    "rls_http_request_seconds",
    "HTTP requests answered by the gateway, and how long each took until its last byte",
    ["route", "method", "status", "study"],
    buckets=BUCKETS,
)


class HttpMetrics:
    def __init__(self, app: ASGIApp, studies: StudyLabels) -> None:
        self.app, self.studies = app, studies
        self._series: dict[tuple[str, str, int, str], Any] = {}  # bounded: see the module

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers if the app raises before starting a response

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            self._series_of(scope, status).observe(time.perf_counter() - started)

    def _series_of(self, scope: Scope, status: int) -> Any:
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        method = scope["method"] if scope["method"] in METHODS else "other"
        study = scope.get(STUDY_KEY) or scope.get("path_params", {}).get("study_id")
        key = (route, method, status, self.studies(study))
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = REQUESTS.labels(route, method, str(status), key[3])
        return series
