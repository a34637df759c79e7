"""The trainer's Prometheus metrics: its updates, the served policy of each study, and the
studies' health checks as this trainer last evaluated them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from prometheus_client import Counter, Gauge, Histogram

from rldomain.study import Study

UPDATE_SECONDS = Histogram(
    "rls_trainer_update_seconds",
    "Time of one policy update",
    ["study"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
UPDATE_FAILURES = Counter(
    "rls_trainer_update_failures_total",
    "Policy updates that raised (the previous version stays served)",
    ["study"],
)
POLICY_VERSION = Gauge(
    "rls_policy_version", "The policy version this trainer last put in Redis", ["study"]
)
POLICY_AGE = Gauge(
    "rls_policy_age_seconds",
    "Service-clock seconds since the served version was written, as of the scrape",
    ["study"],
)
UPDATE_PERIOD = Gauge(
    "rls_policy_update_period_seconds",
    "How often the study's schedule updates its posterior (no series: never on a schedule)",
    ["study"],
)
CHECK_STATUS = Gauge(
    "rls_check_status",
    "A health check's status at this trainer's last evaluation: 0 green, 1 yellow, 2 red",
    ["study", "check"],
)
PERIODS = {"daily": 86_400, "weekly": 7 * 86_400}


class Clock(Protocol):
    def now(self) -> datetime: ...


def served(study_id: str, version: int, created_at: datetime, clock: Clock) -> None:
    """The version put in Redis after an update or at start (a pin is seen at the next one).
    The age is read at each scrape, by the service clock, which a simulation speeds up."""
    POLICY_VERSION.labels(study_id).set(version)
    POLICY_AGE.labels(study_id).set_function(lambda: (clock.now() - created_at).total_seconds())


def scheduled(studies: Iterable[Study]) -> None:
    """Each study's update period, against which an alert judges its policy's age."""
    for study in studies:
        if study.update.posterior in PERIODS:
            UPDATE_PERIOD.labels(study.id).set(PERIODS[study.update.posterior])
