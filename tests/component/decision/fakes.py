"""Stand-ins for the decision service's own dependencies (the shared ones are one level up)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rldomain.policy import Policy
from rldomain.study import Study


@dataclass
class FakePolicySource:
    """Serves whatever policy a test sets; counts reads so caching can be seen."""

    policies: dict[str, Policy] = field(default_factory=dict)
    reads: int = 0

    async def version(self, study_id: str) -> int | None:
        policy = self.policies.get(study_id)
        return None if policy is None else policy.version

    async def current(self, study: Study) -> Policy:
        self.reads += 1
        return self.policies[study.id]

    def serve(self, policy: Policy) -> None:
        self.policies[policy.study_id] = policy


def initial_policy(study: Study, version: int = 1) -> Policy:
    return Policy(study.id, version, str(study.algorithm["name"]), study.policy.initial_params())
