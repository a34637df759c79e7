"""What a replay reads besides the decisions (stored policy versions) and what it reports
(findings), kept apart from the checks so readers of a report need not load the maths."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredPolicy:
    version: int
    parent_version: int | None
    params: bytes
    code_version: str
    created_at: float  # epoch seconds
    fit_on: dict[str, Any]


@dataclass
class Finding:
    """One check's verdict: `field` differs, or the code changed under it."""

    kind: str  # "decision" | "policy" | "log_vs_db"
    key: str
    field: str
    logged: Any
    derived: Any
    code_changed: bool = False
