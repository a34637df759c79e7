"""What differs between the studies a live run can play: the world, the backend's moves, what
the services should end up holding, and the study's own results and plots. run.py does the rest
(sandbox, clock, settling, replay, report) the same way for every study."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from .clock import SteppedClock
from .resilient_http import RetryPolicy
from .sandbox import Sandbox
from .settling import Expected


class Game(Protocol):
    calendar_days: int  # from the first start to the last participant's last day

    async def play(
        self,
        sandbox: Sandbox,
        start: datetime,
        clock: SteppedClock,
        token: str,
        retries: RetryPolicy,
    ) -> None:
        """Register everyone and play every window; `start` is virtual midnight of day 0."""

    def decisions(self) -> list[dict[str, Any]]:
        """The decisions answered, each with its calendar "day" and the world's "reward"."""

    def expected(self) -> Expected: ...

    def results(self, sessions: sessionmaker[Session]) -> dict[str, Any]:
        """The study's own part of results.json."""

    def plots(self, results: dict[str, Any], folder: Path) -> list[Path]: ...
