"""The live run of a study that declares its world (`simulation:` in its file): the native
routes, windows at the schedule's times, outcomes uploaded; judged against a uniform policy run
offline on the same world and seeds."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from rlaudit.simulation.declared_world import DeclaredWorld
from rlaudit.simulation.uniform import uniform_rewards
from rldomain.schedule import WEEKDAYS
from rldomain.study import Study

from .clock import SteppedClock
from .declared_plots import declared_plots
from .declared_results import declared_results
from .driver import INTO_WINDOW_MINUTES, api_client
from .native_backend import NativeRun, daily_times
from .progress import window_progress
from .resilient_http import RetryPolicy
from .sandbox import Sandbox
from .settling import Expected


class DeclaredGame:
    def __init__(self, study: Study, participants: int, days: int, seed: int) -> None:
        if set(study.schedule.weekdays or WEEKDAYS) != set(WEEKDAYS):
            raise ValueError("the simulator plays schedules that decide on every day of the week")
        if study.schedule.days is not None and days > study.schedule.days:
            raise ValueError(f"study {study.id} runs {study.schedule.days} days per participant")
        self.study, self.participants, self.days, self.seed = study, participants, days, seed
        self.times = daily_times(study.schedule)
        self.enrollment_days = max(1, min(3, days // 3))
        self.world = self.new_world()
        self.calendar_days = days + max(p.start_day for p in self.world.participants)
        self.run: NativeRun | None = None

    def new_world(self) -> DeclaredWorld:
        """A fresh copy of the run's world (a world remembers the outcomes drawn from it)."""
        return DeclaredWorld(
            self.study,
            participants=self.participants,
            days=self.days,
            enrollment_days=self.enrollment_days,
            seed=self.seed,
        )

    async def play(
        self,
        sandbox: Sandbox,
        start: datetime,
        clock: SteppedClock,
        token: str,
        retries: RetryPolicy,
    ) -> None:
        """Each window, 30 virtual minutes in: ask this one's actions and upload the window
        before's outcomes, side by side (the services' clock does not wait for either); after
        the last window, its outcomes."""
        async with api_client(sandbox.deployment.url, token, retries) as gateway:
            run = self.run = NativeRun(self.world, start, self.times, gateway)
            await run.register_all()
            moments = [(d, s) for d in range(self.calendar_days) for s in range(len(self.times))]
            with window_progress(len(moments), self.calendar_days, sandbox.folder) as played:
                for day, slot in moments:
                    await clock.step_to(run.at(day, slot, INTO_WINDOW_MINUTES).timestamp())
                    closed = run.closed()  # taken before this window's answers add theirs
                    await asyncio.gather(run.decide_all(day, slot), run.upload(closed))
                    played(day, len(run.decisions))
            await run.upload(run.closed())

    def _played(self) -> NativeRun:
        if self.run is None:
            raise RuntimeError("the game has not been played")
        return self.run

    def decisions(self) -> list[dict[str, Any]]:
        return self._played().decisions

    def expected(self) -> Expected:
        run = self._played()
        return Expected({int(d["rid"]) for d in run.decisions}, uploads=run.uploaded)

    def results(self, sessions: sessionmaker[Session]) -> dict[str, Any]:
        uniform = uniform_rewards(self.new_world, len(self.times), self.calendar_days)
        return declared_results(self.study, self.decisions(), uniform, self.calendar_days)

    def plots(self, results: dict[str, Any], folder: Path) -> list[Path]:
        return declared_plots(results, folder)
