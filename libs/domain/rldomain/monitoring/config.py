"""A study file's `monitoring:` block: thresholds per check, each optional.

    monitoring:
      checks:
        fallback_rate: {yellow: 0.1, red: 0.3}
        policy_age: {yellow: 72}
        dead_letters: {red: null}      # this level off: dead letters are never red
      posterior: {variance_ratio: 10, mean_sds: 1000}   # the gate before a version is written
      allocation: {probability: [0.1, 0.9], treated_share: [0.05, 0.95], min_decisions: 10}
      burden: {cap: 14, floor: 2}    # treatments per participant a week; off unless given
      audit_max_age_hours: 48        # replay_audit is yellow once a decision waits longer

A level not named keeps its default (rldomain.monitoring.checks), a level given as null is off;
an unknown check's name is refused when the study loads, and so is a red below the yellow.
`policy_age`'s default yellow is twice the posterior cadence in hours."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rldomain.monitoring.checks import CHECKS, Thresholds
from rldomain.monitoring.posterior import PosteriorGate

CADENCE_HOURS = {"daily": 24, "weekly": 7 * 24}


class Levels(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    yellow: float | None = Field(default=None, ge=0)
    red: float | None = Field(default=None, ge=0)

    def over(self, default: Thresholds) -> Thresholds:
        """These levels where given (null: off), the default's elsewhere."""
        given = self.model_fields_set
        return Thresholds(
            yellow=self.yellow if "yellow" in given else default.yellow,
            red=self.red if "red" in given else default.red,
        )


class Allocation(BaseModel):
    """Bounds on the mean P(treatment) and on the treated share across participants at one
    decision time of a day (rldomain.monitoring.rules.allocation_outliers); a decision time with
    fewer than `min_decisions` decisions is too small to judge."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    probability: tuple[float, float] = (0.1, 0.9)
    treated_share: tuple[float, float] = (0.05, 0.95)
    min_decisions: int = Field(default=10, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        for name in ("probability", "treated_share"):
            low, high = getattr(self, name)
            if not 0 <= low <= high <= 1:
                raise ValueError(f"{name} must be [low, high] within [0, 1]")
        return self


class Burden(BaseModel):
    """The study's burden cap and floor: treatments per participant over 7 days."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    cap: int | None = Field(default=None, ge=0)
    floor: int | None = Field(default=None, ge=0)


class Monitoring(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    checks: dict[str, Levels] = Field(default_factory=dict)
    posterior: PosteriorGate = PosteriorGate()  # rldomain.monitoring.posterior
    allocation: Allocation = Allocation()
    burden: Burden = Burden()
    # How long a decision may wait for the scheduled audit (rlservice replay --record) to check
    # it before replay_audit turns yellow: the schedule's period and a margin for one failed run.
    audit_max_age_hours: float = Field(default=48, gt=0)

    @model_validator(mode="after")
    def _known_and_ordered(self) -> Self:
        unknown = sorted(set(self.checks) - set(CHECKS))
        if unknown:
            raise ValueError(f"unknown checks {unknown}; known: {sorted(CHECKS)}")
        for name, levels in self.checks.items():
            merged = levels.over(CHECKS[name].defaults)
            if merged.yellow is not None and merged.red is not None and merged.red < merged.yellow:
                raise ValueError(f"{name}: red ({merged.red}) is below yellow ({merged.yellow})")
        return self

    def thresholds(self, check: str, posterior_cadence: str) -> Thresholds:
        """The study's thresholds for `check`."""
        default = CHECKS[check].defaults
        if check == "policy_age" and posterior_cadence in CADENCE_HOURS:
            default = Thresholds(yellow=2.0 * CADENCE_HOURS[posterior_cadence])
        given = self.checks.get(check)
        return default if given is None else given.over(default)
