"""The stack's own promises: every part reports healthy, outages show, and heal without restarts."""

from __future__ import annotations

import signal
import time
from typing import Any

import pytest
import redis

from tests.support.infra import DEPENDENCIES, Infra
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
SERVICES = ("gateway", "decision", "ingest", "trainer")


def all_ok(report: dict[str, Any]) -> bool:
    return report.get("status") == "ok"


def start_all(stack: Stack) -> None:
    for service in SERVICES:
        stack.start(service)
    stack.wait_until(all_ok, 60, "every service and dependency ok")


def test_healthz_reports_every_service_and_dependency_ok(stack: Stack) -> None:
    start_all(stack)
    report = stack.health()
    assert {name: e["status"] for name, e in report["services"].items()} == dict.fromkeys(
        SERVICES, "ok"
    )
    assert {name: e["status"] for name, e in report["dependencies"].items()} == dict.fromkeys(
        DEPENDENCIES, "ok"
    )


@pytest.mark.outage
@pytest.mark.parametrize("dependency", DEPENDENCIES)
def test_an_outage_shows_within_ten_seconds_and_heals_without_a_restart(
    stack: Stack, infra: Infra, dependency: str
) -> None:
    start_all(stack)
    pids = {label: proc.pid for label, proc in stack.procs.items()}
    infra.stop(dependency)
    try:
        stopped_at = time.monotonic()
        stack.wait_until(
            lambda r: r.get("dependencies", {}).get(dependency, {}).get("status") == "down",
            10,
            f"{dependency} reported down",
        )
        assert time.monotonic() - stopped_at <= 10
    finally:
        infra.start(dependency)
    stack.wait_until(all_ok, 60, f"everything ok again after {dependency} came back")
    assert {label: proc.pid for label, proc in stack.procs.items()} == pids
    assert all(proc.poll() is None for proc in stack.procs.values())


def test_a_stopped_service_shows_as_down(stack: Stack) -> None:
    start_all(stack)
    assert stack.stop("ingest") == 0
    report = stack.wait_until(
        lambda r: r["services"]["ingest"]["status"] == "down", 10, "ingest reported down"
    )
    assert report["status"] == "degraded"


@pytest.mark.parametrize("service", ["decision", "ingest", "trainer"])
def test_sigterm_stops_a_service_cleanly_and_removes_its_heartbeat(
    stack: Stack, infra: Infra, service: str
) -> None:
    proc = stack.start(service)
    client = redis.Redis.from_url(infra.redis_url)
    key_pattern = f"{stack.namespace}:health:{service}:*"
    wait_for(lambda: list(client.scan_iter(key_pattern)), bool, 30, "a heartbeat")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    stack.procs.pop(service)
    assert list(client.scan_iter(key_pattern)) == []
