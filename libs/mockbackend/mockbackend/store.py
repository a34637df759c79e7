"""In-memory state: records per user, scripted faults, the EMA calls received.

One uvicorn worker: handlers run on one event loop and never await while holding state, the lock
only guards against a caller using the store from another thread (e.g. a test).
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from mockbackend.models import FaultMode


@dataclass
class Stored:
    ema_id: str
    placed_at: datetime  # window_time, else act_gen_timestamp
    record: dict[str, Any]


@dataclass
class Fault:
    mode: FaultMode
    user_id: str | None  # None: every user
    remaining: int | None  # None: until cleared
    delay_seconds: float


@dataclass
class Call:
    user_id: str | None
    start_time: str | None
    end_time: str | None
    received_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    status: int | None = None  # None while a `timeout` call is still sleeping
    fault: FaultMode | None = None
    records: int = 0  # how many records were answered (not what they were)


class Store:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._records: dict[str, list[Stored]] = {}
        self._faults: list[Fault] = []
        self._calls: list[Call] = []

    def add_records(self, user_id: str, items: list[tuple[datetime, dict[str, Any]]]) -> list[str]:
        with self._lock:
            stored = [Stored(f"ema-{next(self._ids):06d}", at, rec) for at, rec in items]
            self._records.setdefault(user_id, []).extend(stored)
        return [s.ema_id for s in stored]

    def window(self, user_id: str, start: datetime, end: datetime) -> dict[str, dict[str, Any]]:
        """The user's records placed in [start, end], both ends included, keyed by EMA id."""
        with self._lock:
            found = [s for s in self._records.get(user_id, []) if start <= s.placed_at <= end]
        return {s.ema_id: s.record for s in found}

    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take_fault(self, user_id: str) -> Fault | None:
        """Use up one call of the fault for this user (faults scripted for this user first, then
        those for every user; oldest first)."""
        with self._lock:
            fault = next((f for f in self._faults if f.user_id == user_id), None) or next(
                (f for f in self._faults if f.user_id is None), None
            )
            if fault is not None and fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
            return fault

    def faults(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(f) for f in self._faults]

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def record_call(self, call: Call) -> Call:
        with self._lock:
            self._calls.append(call)
        return call

    def calls(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(c) for c in self._calls]

    def clear(self) -> None:
        with self._lock:
            self._records.clear()
            self._faults.clear()
            self._calls.clear()
