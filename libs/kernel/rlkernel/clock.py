"""The service's one clock. A simulated study runs days in minutes through the same code paths:
every process given the same anchors and speed agrees on the same virtual time."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Clock:
    virtual_anchor: float | None = None  # epoch seconds the virtual clock showed at real_anchor
    real_anchor: float | None = None
    speed: float = 1.0

    def now(self) -> datetime:
        real = time.time()
        if self.virtual_anchor is None or self.real_anchor is None:
            return datetime.fromtimestamp(real, UTC)
        return datetime.fromtimestamp(
            self.virtual_anchor + (real - self.real_anchor) * self.speed, UTC
        )
