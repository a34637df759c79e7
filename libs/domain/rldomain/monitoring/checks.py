"""The catalog of checks and how a value grades.

Every check's value grows with trouble (a count, a share, a run length, |z|, hours), so a
threshold is crossed when the value reaches it: `value >= red` is red, else `value >= yellow`
is yellow, else green. A threshold left out (None) never fires. The defaults are below; a study
overrides them in its file (`monitoring: {checks: {fallback_rate: {yellow: 0.1}}}`,
rldomain.monitoring.config)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["green", "yellow", "red"]
RANK: dict[Status, int] = {"green": 0, "yellow": 1, "red": 2}


@dataclass(frozen=True)
class Thresholds:
    yellow: float | None = None
    red: float | None = None

    def grade(self, value: float) -> Status:
        if self.red is not None and value >= self.red:
            return "red"
        if self.yellow is not None and value >= self.yellow:
            return "yellow"
        return "green"

    def crossed(self, status: Status) -> float | None:
        """The threshold a result of `status` is held to: the one it reached, or for a green
        one the first it would reach."""
        if status == "red":
            return self.red
        return self.yellow if self.yellow is not None else self.red


@dataclass(frozen=True)
class Check:
    name: str
    meaning: str  # what a non-green result says, for the health route and the docs
    action: str  # what the team does (the pre-specified response)
    defaults: Thresholds


@dataclass(frozen=True)
class CheckResult:
    check: str
    status: Status
    value: float
    threshold: float | None
    evidence: str  # a route or a query the analyst can follow, with ids and counts only


def as_status(stored: str) -> Status:
    """A status read back from the record."""
    if stored not in RANK:
        raise ValueError(f"not a status: {stored!r}")
    return stored


def worst(statuses: list[Status]) -> Status:
    return max(statuses, key=RANK.__getitem__, default="green")


CHECKS: dict[str, Check] = {
    c.name: c
    for c in (
        Check(
            "missing_decisions",
            "windows the schedule opened for an active participant in the last day that "
            "closed without a decision",
            "ask the study's backend why it did not call; the slots stay undecided",
            Thresholds(red=1),
        ),
        Check(
            "duplicate_decisions",
            "second randomizations of a decided slot in the last day whose action disagreed "
            "with the stored decision; the record refused each (the first decision stands)",
            "look for a decision service slower than the gateway's time-out, or a client "
            "retrying across a policy update",
            Thresholds(yellow=1),
        ),
        Check(
            "fallback_rate",
            "the share of the last day's decisions that used the pre-specified fallback",
            "read the causes in the evidence; a policy that cannot be used is an incident",
            Thresholds(yellow=0.05, red=0.2),
        ),
        Check(
            "clipped_run",
            "the longest run, in the last 7 days, of one participant's consecutive decisions "
            "at a clip bound",
            "look at that participant's state and the posterior: the policy may have "
            "converged on them, or a feature may be stuck",
            Thresholds(yellow=10),
        ),
        Check(
            "randomization_integrity",
            "the largest |z| over the last 7 days, per day and action, of "
            "(treated - sum of probabilities) / sqrt(sum p(1-p))",
            "stop and audit: replay the day's decisions (rlservice replay)",
            Thresholds(yellow=3, red=4),
        ),
        Check(
            "failed_windows",
            "windows whose EMA pull failed and was not re-pulled (any age)",
            "fix the backend, then re-pull them",
            Thresholds(yellow=1, red=20),
        ),
        Check(
            "dead_letters",
            "the study's dead letters not re-driven (any age)",
            "read each letter's reason, fix the cause, re-drive it",
            Thresholds(yellow=1, red=10),
        ),
        Check(
            "policy_age",
            "hours since the newest policy version, while learning is not frozen; the default "
            "yellow is twice the study's posterior cadence",
            "see why updates stopped: update_failures, the trainer's log",
            Thresholds(),  # from the cadence: rldomain.monitoring.config
        ),
        Check(
            "update_failures",
            "policy updates that failed in the last 7 days",
            "read each request's reason; the served policy stays the last good one",
            Thresholds(yellow=1, red=3),
        ),
    )
}
