"""Running a handler again: without limit while a dependency is away, a few times otherwise."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from prometheus_client import Counter

from rlkernel.consuming.failures import is_infrastructure
from rlkernel.logs import get_logger
from rlkernel.redaction import describe

log = get_logger(__name__)

OUTAGES = Counter(
    "rls_consumer_dependency_retries_total",
    "Handler runs that failed because a dependency was unavailable (retried without limit)",
    ["topic", "error"],
)
FAILURES = Counter(
    "rls_consumer_failures_total",
    "Handler runs that failed for the message or the code (retried a few times, then the "
    "message is dead-lettered)",
    ["topic", "error"],
)

Call = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # runs of a handler failing for the message or the code, then give up
    first_wait: float = 0.2  # seconds before the second run; doubles with every failure
    longest_wait: float = 10.0  # the cap, which is what an outage is retried at

    def wait(self, failures: int) -> float:
        return float(min(self.first_wait * 2 ** (failures - 1), self.longest_wait))


class GaveUp(Exception):
    """The handler failed `attempts` times, not for want of a dependency."""

    def __init__(self, failure: Exception) -> None:
        super().__init__(describe(failure))
        self.failure = failure


async def attempt(call: Call, policy: RetryPolicy, topic: str) -> None:
    """Runs `call` until it succeeds; raises GaveUp after `policy.attempts` failures of its own
    (an outage of a dependency holds the partition instead, however long it lasts)."""
    failures = outages = 0
    while True:
        try:
            await call()
            return
        except Exception as exc:
            if is_infrastructure(exc):
                outages += 1
                OUTAGES.labels(topic, type(exc).__name__).inc()
                log.warning(
                    "dependency_unavailable", topic=topic, error=describe(exc), attempt=outages
                )
                await asyncio.sleep(policy.wait(outages))
                continue
            failures += 1
            FAILURES.labels(topic, type(exc).__name__).inc()
            log.warning("handler_failed", topic=topic, error=describe(exc), attempt=failures)
            if failures >= policy.attempts:
                raise GaveUp(exc) from exc
            await asyncio.sleep(policy.wait(failures))


async def persist(call: Call, policy: RetryPolicy, topic: str) -> None:
    """Runs `call` until it succeeds, whatever fails: for writing a dead letter, which must not
    be skipped (its message's offset is committed right after)."""
    failures = 0
    while True:
        try:
            await call()
            return
        except Exception as exc:
            failures += 1
            log.error("dead_letter_not_written", topic=topic, error=describe(exc), attempt=failures)
            await asyncio.sleep(policy.wait(failures))
