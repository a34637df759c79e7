"""A MiWaves stack whose EMA records come from the mock backend, on a virtual clock that shows
`start` now and runs `speed` times real time: what the ingest, window-sweep, notification-times
and timeline-clock tests share."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tests.support.stack import Stack, free_port
from tests.support.studies import write_studies

SERVICES = ("gateway", "decision", "ingest")


@dataclass(frozen=True)
class EmaStack:
    token: str  # the mock backend's, and MiWaves' backend token
    port: int  # the mock backend's
    start: datetime  # the services' clock showed this (aware) time...
    real_anchor: float  # ...at this real time
    speed: float  # and runs this many times real time

    @property
    def backend_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def now(self) -> datetime:
        """The services' clock now, in `start`'s zone."""
        return self.start + timedelta(seconds=(time.time() - self.real_anchor) * self.speed)

    def real_time(self, moment: datetime) -> float:
        """The real time (as time.time()) at which the services' clock shows `moment`."""
        return self.real_anchor + (moment - self.start).total_seconds() / self.speed


def start_miwaves_with_ema(
    stack: Stack,
    tmp_path: Path,
    start: datetime,
    speed: float,
    env: dict[str, str] | None = None,
    ingest_env: dict[str, str] | None = None,
) -> EmaStack:
    """The mock backend, then gateway, decision and ingest with `env`, all healthy."""
    token, port = uuid.uuid4().hex, free_port()
    stack.start("mockbackend", MOCK_BACKEND_TOKEN=token, MOCK_BACKEND_PORT=str(port))
    real_anchor = time.time()
    studies = write_studies(tmp_path / "studies", f"http://127.0.0.1:{port}/ema_study")
    stack.extra_env.update(
        {
            "STUDIES_DIR": str(studies),
            "MIWAVES_BACKEND_TOKEN": token,
            "CLOCK_VIRTUAL_ANCHOR": str(start.timestamp()),
            "CLOCK_REAL_ANCHOR": str(real_anchor),
            "CLOCK_SPEED": str(speed),
            **(env or {}),
        }
    )
    stack.start("gateway")
    stack.start("decision")
    stack.start("ingest", **(ingest_env or {}))
    stack.wait_until(
        lambda r: all(r.get("services", {}).get(s, {}).get("status") == "ok" for s in SERVICES),
        60,
        "services ok",
    )
    return EmaStack(token, port, start, real_anchor, speed)
