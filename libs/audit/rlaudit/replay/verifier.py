"""The Verifier: re-derives each logged decision (seed, state, probability, action) and each
stored policy version (from its parent and the observations it names), reporting differences.

A difference under a policy written by other code than today's is flagged `code_changed`: the
record may be right and the code moved on, so it is reported but not counted as a mismatch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rldomain.algorithms import Observation, decode_params, draw_action
from rldomain.deciding import algorithm_context
from rldomain.policy import code_version
from rldomain.seeds import slot_seed, study_key
from rldomain.study import Study
from rlkernel.events import DecisionMade

from .records import Finding, StoredPolicy
from .tolerance import same_decision_field, same_params


@dataclass
class Verifier:
    study: Study
    seed_secret: str
    policies: dict[int, StoredPolicy]
    current_code: str = field(default_factory=code_version)

    def __post_init__(self) -> None:
        self.key = study_key(self.seed_secret, self.study.id)
        # Decoding params and computing a probability dominate a large replay; many decisions
        # share a policy version and a state, so both are computed once.
        self._params: dict[int, dict[str, Any]] = {}
        self._probability: dict[tuple[Any, ...], float] = {}

    def params(self, version: int) -> dict[str, Any]:
        if version not in self._params:
            self._params[version] = decode_params(self.policies[version].params)
        return self._params[version]

    def decision(self, d: DecisionMade) -> list[Finding]:
        key = f"{d.participant_id}/{d.decision_index}"
        found: list[Finding] = []

        def check(name: str, logged: Any, derived: Any, changed: bool = False) -> None:
            if not same_decision_field(logged, derived):
                found.append(Finding("decision", key, name, logged, derived, changed))

        seed = slot_seed(self.key, d.participant_id, d.decision_index)
        check("seed", d.seed, seed)
        if d.fallback:
            probability = self.study.clipped(self.study.fallback_probability)
            check("probability", d.probability, probability)
            check("action", d.action, draw_action(probability, seed))
            return found
        policy = self.policies.get(d.policy_version)
        if policy is None:
            check("policy_version", d.policy_version, "no such version")
            return found
        if policy.created_at > d.decided_at.timestamp():
            check("policy_version", d.policy_version, "written after the decision")
        changed = policy.code_version != self.current_code
        algorithm = self.study.policy
        state = algorithm.state(
            algorithm_context(self.study, d.context, d.decision_index), d.recent_rewards
        )
        check("state", [float(x) for x in d.state], [float(x) for x in state], changed)
        cache_key = (d.policy_version, state, d.participant_id)
        if cache_key not in self._probability:
            self._probability[cache_key] = self.study.clipped(
                algorithm.probability(self.params(d.policy_version), state, d.participant_id)
            )
        probability = self._probability[cache_key]
        check("probability", d.probability, probability, changed)
        check("action", d.action, draw_action(probability, seed), changed)
        return found

    def policy(self, version: int, batch: Sequence[Observation]) -> list[Finding]:
        """Does `version` follow from its parent and the observations it names?"""
        stored = self.policies[version]
        if stored.parent_version is None:
            derived = self.study.policy.initial_params()
        else:
            parent = self.params(stored.parent_version)
            derived = self.study.policy.update(
                parent, batch, fit_hyperparameters=bool(stored.fit_on.get("hyperparameters_fitted"))
            )
        logged = self.params(version)
        differing = [
            k
            for k in sorted(set(logged) | set(derived))
            if not same_params(logged.get(k), derived.get(k))
        ]
        changed = stored.code_version != self.current_code
        return [
            Finding("policy", f"v{version}", k, "stored", "re-derived differs", changed)
            for k in differing
        ]
