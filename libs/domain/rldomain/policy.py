"""A policy version as the pure code sees it, and the code version that produced it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_ALGORITHMS = Path(__file__).parent / "algorithms"


def code_version() -> str:
    """Changes whenever the algorithm code changes, so replay can tell old results from new."""
    digest = hashlib.sha256()
    for path in sorted(_ALGORITHMS.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return f"algorithms-{digest.hexdigest()[:16]}"


@dataclass(frozen=True)
class Policy:
    study_id: str
    version: int
    algorithm: str
    params: dict[str, Any]
