"""Re-deriving decisions and policy versions from what was logged: the audit's arithmetic.

Pure apart from its inputs: the study file, the seed secret, the stored policy versions and the
logged decisions. `rlservice replay` feeds it from the Kafka log and PostgreSQL.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rldomain.algorithms import Observation, decode_params, draw_action
from rldomain.deciding import algorithm_context
from rldomain.policy import code_version
from rldomain.seeds import slot_seed, study_key
from rldomain.study import Study
from rlkernel.events import DecisionMade


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


@dataclass
class Verifier:
    study: Study
    seed_secret: str
    policies: dict[int, StoredPolicy]
    current_code: str = field(default_factory=code_version)

    def __post_init__(self) -> None:
        self.key = study_key(self.seed_secret, self.study.id)
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
            same = (
                math.isclose(logged, derived, rel_tol=0, abs_tol=1e-12)
                if isinstance(logged, float)
                else logged == derived
            )
            if not same:
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
        bad = [
            k
            for k in sorted(set(logged) | set(derived))
            if not _same(logged.get(k), derived.get(k))
        ]
        changed = stored.code_version != self.current_code
        return [
            Finding("policy", f"v{version}", k, "stored", "re-derived differs", changed)
            for k in bad
        ]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape:
            return False
        if a.dtype.kind in "fc" and b.dtype.kind in "fc":
            return bool(np.allclose(a, b, rtol=1e-9, atol=1e-12))
        return bool(np.array_equal(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)


def log_vs_db(log: dict[str, DecisionMade], db: dict[str, DecisionMade]) -> list[Finding]:
    """Every decision is in both places, with the same fields."""
    found = [
        Finding("log_vs_db", k, "presence", "in the log", "missing from the database")
        for k in log.keys() - db.keys()
    ]
    found += [
        Finding("log_vs_db", k, "presence", "missing from the log", "in the database")
        for k in db.keys() - log.keys()
    ]
    for k in log.keys() & db.keys():
        a, b = log[k], db[k]
        for name in (
            "participant_id",
            "decision_index",
            "rid",
            "seed",
            "action",
            "probability",
            "policy_version",
            "fallback",
            "state",
        ):
            if getattr(a, name) != getattr(b, name):
                found.append(Finding("log_vs_db", k, name, getattr(a, name), getattr(b, name)))
    return found


def unique_events(events: Iterable[DecisionMade]) -> dict[str, DecisionMade]:
    """A decision may be published more than once (same event id): count it once."""
    return {str(e.event_id): e for e in events}
