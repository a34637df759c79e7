"""The drill's traffic: a few clients acting as a JustIn backend would, each looping over its
participants and their slots (an action, then the upload of its outcome), and a ledger of every
answer they got, which the drill later holds against the record.

What is safe to send again is sent again, as a real backend would: an action for a slot is
idempotent (the same decision comes back), and an upload for a slot is stored once, so a 5xx,
a time-out or a lost connection is retried for the same slot. A 4xx is final: it is kept in the
ledger as a refusal, since nothing the drill sends should be refused.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp

Slot = tuple[str, int]  # (participant, decision index)
TIMESTAMP = "2025-01-01T12:00:00Z"
REQUEST_SECONDS = 10.0  # longer than the gateway's decision time-out, shorter than patience
LONGEST_BACKOFF = 2.0


@dataclass
class Ledger:
    """What the clients sent and what they were answered: the evidence the drill checks."""

    sent: int = 0
    statuses: Counter[str] = field(default_factory=Counter)  # "201", "503", "no answer"
    retries: Counter[str] = field(default_factory=Counter)  # by route
    refused: list[dict[str, Any]] = field(default_factory=list)  # 4xx: route, slot, status
    decisions: dict[Slot, dict[str, Any]] = field(default_factory=dict)  # the 2xx answers
    uploads: set[Slot] = field(default_factory=set)  # accepted (2xx)
    abandoned: list[Slot] = field(default_factory=list)  # still failing when patience ran out
    decided_at: list[float] = field(default_factory=list)  # monotonic, of non-fallback 2xx
    # Every 2xx: (monotonic time it came, seconds it took), for latencies and pauses.
    answered: list[tuple[float, float]] = field(default_factory=list)
    fallbacks: int = 0


@dataclass
class Traffic:
    session: aiohttp.ClientSession
    base: str
    token: str
    ledger: Ledger = field(default_factory=Ledger)
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    patience_until: float | None = None  # once stopping: when a failing slot is given up

    def stop(self, patience: float) -> None:
        """Clients finish the slot they are on (retrying up to `patience` s), then return."""
        self.patience_until = time.monotonic() + patience
        self.stopping.set()

    async def client(self, participants: list[str]) -> None:
        index = 0
        while not self.stopping.is_set():
            for user in participants:
                if self.stopping.is_set():
                    return
                answer = await self.action(user, index)
                if answer is not None:
                    await self.upload(user, index, answer)
            index += 1

    async def action(self, user: str, index: int) -> dict[str, Any] | None:
        body = {
            "user_id": user,
            "timestamp": TIMESTAMP,
            "decision_idx": index,
            "context": {"temperature": float(index % 30)},
        }
        answer = await self._until_answered("action", "/api/v1/action", body, (user, index))
        if answer is not None:
            self.ledger.decisions[(user, index)] = answer
            self.ledger.fallbacks += bool(answer["fallback"])
            if not answer["fallback"]:
                self.ledger.decided_at.append(time.monotonic())
        return answer

    async def upload(self, user: str, index: int, decided: dict[str, Any]) -> None:
        body = {
            "user_id": user,
            "timestamp": TIMESTAMP,
            "decision_idx": index,
            "data": {
                "context": {"temperature": float(index % 30)},
                "action": decided["action"],
                "action_prob": decided["action_prob"],
                "outcome": {"clicks": index % 4},
            },
        }
        if await self._until_answered("upload", "/api/v1/upload_data", body, (user, index)):
            self.ledger.uploads.add((user, index))

    async def _until_answered(
        self, route: str, path: str, body: dict[str, Any], slot: Slot
    ) -> dict[str, Any] | None:
        backoff = 0.1
        headers = {"Authorization": f"Bearer {self.token}"}
        while True:
            self.ledger.sent += 1
            wait = backoff
            sent_at = time.monotonic()
            try:
                async with self.session.post(self.base + path, json=body, headers=headers) as r:
                    self.ledger.statuses[str(r.status)] += 1
                    if r.status < 300:
                        answer = dict(await r.json())
                        now = time.monotonic()
                        self.ledger.answered.append((now, now - sent_at))
                        return answer
                    if r.status < 500:
                        self.ledger.refused.append(
                            {"route": route, "slot": list(slot), "status": r.status}
                        )
                        return None
                    wait = min(float(r.headers.get("Retry-After", backoff)), LONGEST_BACKOFF)
            except (aiohttp.ClientError, TimeoutError):
                self.ledger.statuses["no answer"] += 1  # refused, reset or timed out
            if self.patience_until is not None and time.monotonic() > self.patience_until:
                self.ledger.abandoned.append(slot)
                return None
            self.ledger.retries[route] += 1
            await asyncio.sleep(wait)
            backoff = min(backoff * 2, LONGEST_BACKOFF)


def new_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=64),
        timeout=aiohttp.ClientTimeout(total=REQUEST_SECONDS),
    )
