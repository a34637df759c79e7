"""The gateway's own Prometheus metrics: where an action request's time goes."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

BUCKETS = (0.001, 0.002, 0.004, 0.006, 0.008, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)

ACTION_PHASE = Histogram(
    "rls_gateway_action_phase_seconds",
    "Time an action request spends in each phase",
    ["phase"],
    buckets=BUCKETS,
)
DECISIONS = Counter(
    "rls_gateway_decisions_total",
    "Decisions returned (a retried slot's too), by how they were made",
    ["study", "outcome"],
)
