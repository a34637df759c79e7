"""The accelerated clock a simulation's services run on, so weeks of study fit in a minute.

The services read it from CLOCK_* settings; the simulator shares it so that its requests land
at the virtual times it means (a window's first half hour, the next morning).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime

WARMUP_SECONDS = 15.0  # real seconds for the services to come up before virtual midnight


@dataclass(frozen=True)
class AcceleratedClock:
    virtual_anchor: float  # epoch seconds the services' clock shows at real_anchor
    real_anchor: float  # epoch seconds, real time
    speed: float  # virtual seconds per real second

    @classmethod
    def for_run(cls, start: datetime, calendar_days: int, seconds: float) -> AcceleratedClock:
        """`calendar_days` from virtual `start` in `seconds` of real time, after the warmup."""
        speed = calendar_days * 86400 / seconds
        return cls(start.timestamp(), time.time() + WARMUP_SECONDS, speed)

    def env(self) -> dict[str, str]:
        return {
            "CLOCK_VIRTUAL_ANCHOR": str(self.virtual_anchor),
            "CLOCK_REAL_ANCHOR": str(self.real_anchor),
            "CLOCK_SPEED": str(self.speed),
        }

    async def sleep_until(self, virtual: float) -> None:
        """Sleep until the services' clock shows `virtual` (epoch seconds)."""
        real = self.real_anchor + (virtual - self.virtual_anchor) / self.speed
        await asyncio.sleep(max(0.0, real - time.time()))
