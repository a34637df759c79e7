"""What ingest handles on its way from a backend's record to a stored observation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Candidate:
    """One record claiming to answer a decision: by rid (pulled) or by slot (uploaded)."""

    source: str
    source_id: str | None
    record: dict[str, Any]
    action: int
    probability: float
    decision_index: int  # of the slot it claims to answer
    rid: int | None = None


@dataclass
class Stored:
    observation_id: int
    decision_index: int
    rid: int
    reward: float


@dataclass
class Outcome:
    stored: list[Stored] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
