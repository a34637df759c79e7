"""A participant as the gateway sees it, the `Participants` protocol its use cases depend on,
and where the record is cached (`ParticipantStore` is the PostgreSQL + Redis implementation)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Protocol

from rldomain.schedule import ParticipantSchedule


def cache_key(namespace: str, study_id: str, participant_id: str) -> str:
    """Whoever changes a participant deletes this key after the commit."""
    return f"{namespace}:participant:{study_id}:{participant_id}"


@dataclass(frozen=True)
class ParticipantView:
    study_id: str
    participant_id: str
    status: str
    baseline: dict[str, Any]
    rl_start_date: date | None
    rl_end_date: date | None

    @property
    def schedule(self) -> ParticipantSchedule | None:
        """None for a participant registered without a baseline (a client-indexed study)."""
        if not self.baseline or self.rl_start_date is None or self.rl_end_date is None:
            return None
        return ParticipantSchedule(
            self.rl_start_date,
            self.rl_end_date,
            tuple(self.baseline["morning_notification_time_start"]),
            tuple(self.baseline["evening_notification_time_start"]),
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), default=str)

    @classmethod
    def from_json(cls, raw: bytes | str) -> ParticipantView:
        d = json.loads(raw)
        dates = {
            k: date.fromisoformat(d[k]) if d[k] else None for k in ("rl_start_date", "rl_end_date")
        }
        return cls(**{**d, **dates})


# Given the current status, the new one; raising refuses the change (nothing is written).
StatusChange = Callable[[str], str]


class Participants(Protocol):
    """The participants as the gateway's use cases see them; tests use an in-memory one."""

    async def add(self, participant: ParticipantView) -> bool:
        """False if the participant is registered already."""

    async def get(self, study_id: str, participant_id: str) -> ParticipantView | None: ...

    async def change_status(
        self, study_id: str, participant_id: str, change: StatusChange
    ) -> ParticipantView | None:
        """Applies `change` under a row lock; None if there is no such participant."""
