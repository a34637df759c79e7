"""The service clock's two virtual modes, and the simulator's steps of the stepped one."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rlkernel.clock import Clock, set_stepped
from rlkernel.settings import Settings
from rlservice.live_simulation.clock import SteppedClock

MIDNIGHT = datetime(2026, 3, 2, tzinfo=UTC)


def test_an_accelerated_clock_runs_from_its_anchor_at_its_speed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("rlkernel.clock.time.time", lambda: 1_000.0 + 10)
    clock = Clock(MIDNIGHT.timestamp(), 1_000.0, speed=360.0)
    assert clock.now() == datetime(2026, 3, 2, 1, tzinfo=UTC)  # 10 s at 360x: an hour


def test_a_stepped_clock_shows_what_its_file_says_and_nothing_else(tmp_path: Path) -> None:
    file = tmp_path / "clock"
    set_stepped(file, MIDNIGHT.timestamp())
    clock = Settings(clock_file=file).clock()  # what CLOCK_FILE gives each service
    assert clock.now() == clock.now() == MIDNIGHT  # it holds still between steps
    set_stepped(file, MIDNIGHT.timestamp() + 90.5)
    assert clock.now() == datetime(2026, 3, 2, 0, 1, 30, 500000, tzinfo=UTC)
    assert [p.name for p in tmp_path.iterdir()] == ["clock"]  # no partial file left behind


def steps(monkeypatch: pytest.MonkeyPatch, now: list[float]) -> list[float]:
    """The real seconds each step slept for, on a real clock that shows now[0]."""
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr("rlservice.live_simulation.clock.time.time", lambda: now[0])
    monkeypatch.setattr("rlservice.live_simulation.clock.asyncio.sleep", sleep)
    return slept


def test_the_simulator_steps_at_its_pace_and_never_waits_once_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [500.0]
    slept = steps(monkeypatch, now)
    clock = SteppedClock.for_run(MIDNIGHT, calendar_days=2, seconds=20, folder=tmp_path)
    service = Clock(file=clock.file)
    assert clock.env() == {"CLOCK_FILE": str(tmp_path / "clock")}
    assert service.now() == MIDNIGHT  # before the first step: the start

    asyncio.run(clock.step_to(MIDNIGHT.timestamp() + 8 * 3600))  # 8 h at a day per 10 s
    assert slept == [pytest.approx(10 / 3)]  # the pace from the first step's real time
    assert service.now() == datetime(2026, 3, 2, 8, tzinfo=UTC)

    now[0] += 60  # the machine fell far behind: the next step is taken at once, and lands
    asyncio.run(clock.step_to(MIDNIGHT.timestamp() + 20 * 3600))
    assert slept[-1] == 0.0
    assert service.now() == datetime(2026, 3, 2, 20, tzinfo=UTC)
