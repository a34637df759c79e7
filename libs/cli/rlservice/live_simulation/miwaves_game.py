"""MiWaves' live run: its own world (a true effect per MiWaves state), its routes, and a mock
backend serving the EMA records that ingest pulls when a window closes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from rlaudit.simulation.world import World, WorldConfig
from rldomain.study import Study

from .backend import LiveRun
from .clock import SteppedClock
from .driver import play_live
from .plots import plots
from .resilient_http import RetryPolicy
from .results import results_of
from .sandbox import Sandbox
from .settling import Expected


class MiWavesGame:
    def __init__(self, study: Study, participants: int, days: int, seed: int) -> None:
        if study.id != "miwaves":
            raise ValueError(f"study {study.id!r} declares no simulation: section to play")
        enrollment = max(1, min(3, days // 3))
        config = WorldConfig(
            participants=participants, days=days, seed=seed, enrollment_days=enrollment
        )
        self.study, self.world = study, World(config)
        self.calendar_days = days + max(p.start_day for p in self.world.participants)
        self.run: LiveRun | None = None

    async def play(
        self,
        sandbox: Sandbox,
        start: datetime,
        clock: SteppedClock,
        token: str,
        retries: RetryPolicy,
    ) -> None:
        self.run = await play_live(
            sandbox, self.world, start, self.calendar_days, clock, token, retries
        )

    def _played(self) -> LiveRun:
        if self.run is None:
            raise RuntimeError("the game has not been played")
        return self.run

    def decisions(self) -> list[dict[str, Any]]:
        return self._played().decisions

    def expected(self) -> Expected:
        run = self._played()
        return Expected({int(d["rid"]) for d in run.decisions}, set(run.closed_windows))

    def results(self, sessions: sessionmaker[Session]) -> dict[str, Any]:
        return results_of(self.study, self.world, self.decisions(), sessions, self.calendar_days)

    def plots(self, results: dict[str, Any], folder: Path) -> list[Path]:
        return plots(results, folder)
