"""The mobile backend's side of a live run of a study that declares its world (`simulation:` in
its file), over the native API: register each participant, ask for an action in each of their
windows with the world's context, upload the window's outcome record once it has closed.

Unlike MiWaves' backend (backend.py) nothing is pulled: the outcome goes up directly, so the
run needs no mock backend. The world reacts to the context and the action alone, never to the
service's state, so what the services see cannot feed back into the truth.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from rlaudit.simulation.declared_world import DeclaredWorld, outcome_record
from rldomain.schedule import Schedule

FIRST, LAST = 800, 2000  # participant-chosen times are spread over this part of the day


def daily_times(schedule: Schedule) -> tuple[int, ...]:
    """Each day's window times (HHMM): the study's fixed ones, else the simulation's own,
    spread from FIRST to LAST (a client-indexed study, whose caller counts its decisions, is
    asked at those two)."""
    if schedule.kind == "client_indexed":
        return (FIRST, LAST)
    if isinstance(schedule.times, tuple):
        return schedule.times
    n = schedule.windows or 1
    if n == 1:
        return (FIRST,)
    span = _minutes(LAST) - _minutes(FIRST)
    return tuple(_hhmm(_minutes(FIRST) + i * span // (n - 1)) for i in range(n))


def _minutes(hhmm: int) -> int:
    return 60 * (hhmm // 100) + hhmm % 100


def _hhmm(minutes: int) -> int:
    return 100 * (minutes // 60) + minutes % 60


class WrongWindow(RuntimeError):
    """A request landed in another window than the one it was sent for: on the stepped clock,
    which waits for the simulator, a defect of ours, never the machine's speed."""


@dataclass
class NativeRun:
    world: DeclaredWorld
    start: datetime  # virtual midnight of calendar day 0, study time
    times: tuple[int, ...]  # each day's window times (HHMM)
    gateway: httpx.AsyncClient
    decisions: list[dict[str, Any]] = field(default_factory=list)
    # Per participant, their last window's decision index and upload body, sent once it closed.
    unsent: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    uploaded: int = 0

    @property
    def base(self) -> str:
        return f"/v1/studies/{self.world.study.id}"

    def at(self, day: int, slot: int, minutes: int = 0) -> datetime:
        hhmm = self.times[slot]
        return self.start + timedelta(days=day, hours=hhmm // 100, minutes=hhmm % 100 + minutes)

    async def register_all(self) -> None:
        async def one(pid: str, first: date) -> None:
            body: dict[str, Any] = {"participant_id": pid}
            if self.world.study.schedule.scheduled:  # the caller counts decisions otherwise
                body["baseline"] = self._baseline(first)
            (await self.gateway.post(f"{self.base}/participants", json=body)).raise_for_status()

        participants = self.world.participants
        await asyncio.gather(
            *(one(p.id, (self.start + timedelta(days=p.start_day)).date()) for p in participants)
        )

    def _baseline(self, first: date) -> dict[str, Any]:
        # A day past their last decision day: the services' clock runs on while the simulator
        # works, and a late request for the last window must still fall in the RL period. No
        # decision is asked for after the last day.
        end = first + timedelta(days=self.world.days)
        baseline: dict[str, Any] = {"rl_start_date": str(first), "rl_end_date": str(end)}
        if self.world.study.schedule.participant_times:
            baseline["notification_times"] = [list(self.times)] * 7  # Monday first
        return baseline

    def closed(self) -> list[tuple[str, int, dict[str, Any]]]:
        """The outcomes of the windows that have just closed, handed over once."""
        closed = [(pid, index, body) for pid, (index, body) in self.unsent.items()]
        self.unsent.clear()
        return closed

    async def upload(self, outcomes: list[tuple[str, int, dict[str, Any]]]) -> None:
        async def one(pid: str, index: int, body: dict[str, Any]) -> None:
            url = f"{self.base}/participants/{pid}/decisions/{index}/data"
            (await self.gateway.post(url, json=body)).raise_for_status()

        await asyncio.gather(*(one(pid, index, body) for pid, index, body in outcomes))
        self.uploaded += len(outcomes)

    async def decide_all(self, day: int, slot: int) -> None:
        """Everyone taking part today asks for an action in this window."""
        per_day = len(self.times)
        due = [
            (p.id, (day - p.start_day) * per_day + slot)
            for p in self.world.participants
            if self.world.active(p.id, day - p.start_day)
        ]
        await asyncio.gather(*(self._decide(pid, index, day) for pid, index in due))

    async def _decide(self, pid: str, index: int, day: int) -> None:
        context = self.world.context(pid, index)
        body: dict[str, Any] = {"participant_id": pid, "context": context}
        if not self.world.study.schedule.scheduled:
            body["decision_index"] = index
        answer = await self.gateway.post(f"{self.base}/actions", json=body)
        answer.raise_for_status()
        d = answer.json()
        if d["decision_index"] != index:
            raise WrongWindow(
                f"participant {pid}'s decision {index} was answered as decision "
                f"{d['decision_index']}: the services' clock is not the simulator's"
            )
        action = int(d["action"])
        outcome = self.world.outcome(pid, index, context, action)
        record = outcome_record(context, action, outcome)
        self.unsent[pid] = (index, {**record, "action_prob": d["probability"]})
        reward = self.world.reward(context, action, outcome)
        self.decisions.append({**d, "day": day, "reward": reward})
