"""The stepped clock a simulation's services run on, so weeks of study fit in a minute.

The services read it from CLOCK_FILE (rlkernel.clock). The simulator alone moves it, to each
moment it means to act at (a window's first half hour, the next morning), and only once it is
done with the moment before: the services never run ahead of it, however slow the machine, so a
request always lands in the window it was sent for. `--seconds` sets the pace: a step waits
until its share of them has passed, and no longer when the machine is behind.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rlkernel.clock import set_stepped


@dataclass
class SteppedClock:
    file: Path
    virtual_start: float  # epoch seconds shown from before the services start to the first step
    speed: float  # virtual seconds per real second, the run's pace
    real_start: float | None = None  # when the first step was taken

    @classmethod
    def for_run(
        cls, start: datetime, calendar_days: int, seconds: float, folder: Path
    ) -> SteppedClock:
        """`calendar_days` from virtual `start` in (at least) `seconds` of real time."""
        clock = cls(folder / "clock", start.timestamp(), calendar_days * 86400 / seconds)
        set_stepped(clock.file, clock.virtual_start)
        return clock

    def env(self) -> dict[str, str]:
        return {"CLOCK_FILE": str(self.file)}

    async def step_to(self, virtual: float) -> None:
        """Once the run's pace allows, every service's clock shows `virtual` (epoch seconds,
        never earlier than the last step)."""
        if self.real_start is None:
            self.real_start = time.time()
        real = self.real_start + (virtual - self.virtual_start) / self.speed
        await asyncio.sleep(max(0.0, real - time.time()))
        set_stepped(self.file, virtual)
