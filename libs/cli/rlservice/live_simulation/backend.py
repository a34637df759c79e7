"""The mobile backend's side of a live run: what a MiWaves backend sends the services in each
decision window, and what it remembers (decisions, rewards, windows still open).

Each participant's EMA answers come from the World, which knows the true treatment effect; the
state the world reacts to is rebuilt here from the same inputs the service sees.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx

from rlaudit.simulation.world import World

from .effects import miwaves_study
from .miwaves_messages import ema_record, registration


@dataclass
class LiveRun:
    world: World
    start: datetime  # virtual midnight of calendar day 0, study time
    gateway: httpx.AsyncClient
    mock_backend: httpx.AsyncClient  # serves the study's EMA endpoint to the ingest service
    decisions: list[dict[str, Any]] = field(default_factory=list)
    rewards: dict[str, list[float]] = field(default_factory=dict)
    open_windows: set[str] = field(default_factory=set)
    closed_windows: list[tuple[str, int]] = field(default_factory=list)  # (participant, index)

    def at(self, day: int, hhmm: int, minutes: int = 0) -> datetime:
        return self.start + timedelta(days=day, hours=hhmm // 100, minutes=hhmm % 100 + minutes)

    async def register_all(self) -> None:
        async def one(pid: str, start_day: int) -> None:
            body = registration(pid, self.start + timedelta(days=start_day))
            (await self.gateway.post("/register", json=body)).raise_for_status()

        await asyncio.gather(*(one(p.id, p.start_day) for p in self.world.participants))

    async def close_windows(self) -> None:
        """What a MiWaves backend does after each window: 'window ended, fetch its data'."""

        async def one(pid: str) -> None:
            answer = await self.gateway.post("/end_decision_window", json={"user_id": pid})
            answer.raise_for_status()
            self.closed_windows.append((pid, int(answer.json()["decision_index"])))

        await asyncio.gather(*(one(pid) for pid in sorted(self.open_windows)))
        self.open_windows.clear()

    async def decide_all(self, day: int, window: int) -> None:
        """Everyone taking part today asks for an action in this window (0 morning, 1 evening)."""
        due = [
            (p.id, 2 * (day - p.start_day) + window)
            for p in self.world.participants
            if self.world.active(p.id, day - p.start_day)
        ]
        await asyncio.gather(*(self._decide(pid, index, day) for pid, index in due))

    async def _decide(self, pid: str, index: int, day: int) -> None:
        fields = self.world.fields(pid, index, self.world.rng(pid, index, "fields"))
        answer = await self.gateway.post("/actions", json={"user_id": pid, **fields})
        answer.raise_for_status()
        d = answer.json()
        # The true state, from the world's own history (the service sees the same inputs).
        study = miwaves_study()
        state = study.state_of(fields, self.rewards.setdefault(pid, []), index)
        outcome = self.world.outcome(
            pid, index, state, d["action"], self.world.rng(pid, index, "outcome")
        )
        self.rewards[pid].append(study.reward_of(outcome) or 0.0)
        records = {"user_id": pid, "records": [ema_record(pid, outcome, d)]}
        (await self.mock_backend.post("/control/records", json=records)).raise_for_status()
        self.decisions.append(
            {
                **d,
                "participant_id": pid,
                "day": day,
                "state": state,
                "reward": self.rewards[pid][-1],
            }
        )
        self.open_windows.add(pid)
