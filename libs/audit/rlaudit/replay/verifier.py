"""The Verifier: re-derives each logged decision (seed, state, probabilities, action) and each
stored policy version (from its parent and the observations it names), reporting differences.

A difference under a policy written by other code than today's is flagged `code_changed`: the
record may be right and the code moved on, so it is reported but not counted as a mismatch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rldomain.algorithms import Observation, decode_params
from rldomain.deciding import Derived, action_probabilities, derive, derive_fallback
from rldomain.policy import Policy, code_version
from rldomain.seeds import slot_seed
from rldomain.study import Study
from rlkernel.events import DecisionMade, carried_probabilities

from .records import Finding, StoredPolicy
from .tolerance import same_decision_field, same_params

Check = Callable[[str, Any, Any, bool], None]  # (field, logged, re-derived, code changed)


@dataclass
class Verifier:
    study: Study
    # The study's seed key (rldomain.seeds.study_key). None: not at hand (an archive opened
    # without its passphrase): each decision is re-derived from its logged seed, which then
    # goes unchecked.
    key: bytes | None
    policies: dict[int, StoredPolicy]
    current_code: str = field(default_factory=code_version)

    def __post_init__(self) -> None:
        # Decoding a version's params and computing probabilities dominate a large replay; many
        # decisions share a version and a state, so each is computed once.
        self._params: dict[int, dict[str, Any]] = {}
        self._probabilities: dict[tuple[Any, ...], tuple[float, ...]] = {}

    def params(self, version: int) -> dict[str, Any]:
        if version not in self._params:
            self._params[version] = decode_params(self.policies[version].params)
        return self._params[version]

    def decision(self, d: DecisionMade) -> list[Finding]:
        """Re-derives `d` as serving did (rldomain.deciding: one derivation, two users)."""
        key = f"{d.participant_id}/{d.decision_index}"
        found: list[Finding] = []

        def check(name: str, logged: Any, derived: Any, changed: bool = False) -> None:
            if not same_decision_field(logged, derived):
                found.append(Finding("decision", key, name, logged, derived, changed))

        if self.key is None:
            seed = d.seed
        else:
            seed = slot_seed(self.key, d.participant_id, d.decision_index)
            check("seed", d.seed, seed)
        if d.fallback:
            self._check_draw(check, d, derive_fallback(self.study, seed), False)
            return found
        stored = self.policies.get(d.policy_version)
        if stored is None:
            check("policy_version", d.policy_version, "no such version")
            return found
        if stored.created_at > d.decided_at.timestamp():
            check("policy_version", d.policy_version, "written after the decision")
        changed = stored.code_version != self.current_code
        policy = Policy(self.study.id, d.policy_version, d.algorithm, self.params(d.policy_version))
        try:
            derived = derive(
                self.study,
                policy,
                d.participant_id,
                d.decision_index,
                d.context,
                d.recent_rewards,
                seed,
                self._allocate,
            )
        except ValueError:  # serving would have fallen back: the policy cannot have decided
            check("state", d.state, "none: the logged request makes no state", changed)
            return found
        check("state", [float(x) for x in d.state], [float(x) for x in derived.state], changed)
        self._check_draw(check, d, derived, changed)
        return found

    def _allocate(
        self, study: Study, policy: Policy, state: Sequence[float], participant_id: str
    ) -> tuple[float, ...]:
        """rldomain.deciding.action_probabilities, computed once per version, state and
        participant (a random-effects policy has one per participant)."""
        key = (policy.version, tuple(state), participant_id)
        if key not in self._probabilities:
            self._probabilities[key] = action_probabilities(study, policy, state, participant_id)
        return self._probabilities[key]

    @staticmethod
    def _check_draw(check: Check, d: DecisionMade, derived: Derived, changed: bool) -> None:
        """Probability, every action's (stored for three or more actions) and the action."""
        check("probability", d.probability, derived.probability, changed)
        check(
            "probabilities", d.probabilities, carried_probabilities(derived.probabilities), changed
        )
        check("action", d.action, derived.action, changed)

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
