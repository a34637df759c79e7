"""The current policy per study, cached in process and refreshed when it changes.

Refreshed on `policies.updated`, and checked against the source at most every `check_every`
seconds so a replica that missed an event (or reconnected) catches up on its own.
"""

from __future__ import annotations

import time
from typing import Protocol

from rldomain.policy import Policy
from rldomain.study import Study


class PolicySource(Protocol):
    """Where the current policy lives; `StoredPolicies` on the real stack."""

    async def version(self, study_id: str) -> int | None:
        """The current version alone: a cheap check that the cached copy is still current."""
        ...

    async def current(self, study: Study) -> Policy: ...


class PolicyCache:
    def __init__(self, source: PolicySource, check_every: float = 5.0) -> None:
        self.source = source
        self.check_every = check_every
        self._cached: dict[str, tuple[Policy, float]] = {}

    async def get(self, study: Study) -> Policy:
        hit = self._cached.get(study.id)
        if hit is not None and time.monotonic() - hit[1] < self.check_every:
            return hit[0]
        if hit is not None and await self.source.version(study.id) == hit[0].version:
            self._cached[study.id] = (hit[0], time.monotonic())
            return hit[0]
        policy = await self.source.current(study)
        self._cached[study.id] = (policy, time.monotonic())
        return policy

    def invalidate(self, study_id: str) -> None:
        self._cached.pop(study_id, None)
