"""The service's one clock. A simulated study runs days in minutes through the same code paths,
on one of two clocks every process agrees on:
- accelerated: given the same anchors and speed, each computes the same virtual time;
- stepped (CLOCK_FILE): the time is whatever the file says, and only whoever drives the run
  (rlservice simulate) writes it, one moment after another, once the last one's work is done,
  so a run never depends on how fast the machine is."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Clock:
    virtual_anchor: float | None = None  # epoch seconds the virtual clock showed at real_anchor
    real_anchor: float | None = None
    speed: float = 1.0
    file: Path | None = None  # a stepped clock: epoch seconds, as text

    def now(self) -> datetime:
        if self.file is not None:
            return datetime.fromtimestamp(float(self.file.read_text()), UTC)
        real = time.time()
        if self.virtual_anchor is None or self.real_anchor is None:
            return datetime.fromtimestamp(real, UTC)
        return datetime.fromtimestamp(
            self.virtual_anchor + (real - self.real_anchor) * self.speed, UTC
        )


def set_stepped(file: Path, moment: float) -> None:
    """Moves a stepped clock to `moment` (epoch seconds) at once for every reader: a reader
    sees the old file or the new one, never half of one."""
    partial = file.with_name(f".{file.name}.partial")
    partial.write_text(repr(moment))
    os.replace(partial, file)
