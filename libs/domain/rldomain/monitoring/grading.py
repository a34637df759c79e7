"""From measured numbers to graded results, and from results to what the record must change.

The record keeps, per check, its results' changes of status plus the latest (so it stays
bounded) and one open incident while the check is not green: an incident opens when a check
turns yellow or red, takes the worse severity if it worsens while open, and closes when the
check is green again."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rldomain.monitoring.checks import CHECKS, RANK, CheckResult, Status
from rldomain.monitoring.config import Monitoring


@dataclass(frozen=True)
class Measured:
    value: float
    evidence: str
    applies: bool = True  # False: the check means nothing here now (green, no threshold)
    # A status the result has at least, whatever the value: what the value stands on is itself
    # in doubt (replay_audit's latest audit is overdue). No threshold then: the evidence says.
    at_least: Status = "green"


def grade_all(
    monitoring: Monitoring, posterior_cadence: str, measured: Mapping[str, Measured]
) -> list[CheckResult]:
    """Each measured check graded by the study's thresholds, in the catalog's order."""
    results = []
    for name in CHECKS:
        if name not in measured:
            continue
        m = measured[name]
        thresholds = monitoring.thresholds(name, posterior_cadence)
        if not m.applies:
            results.append(CheckResult(name, "green", m.value, None, m.evidence))
            continue
        status = thresholds.grade(m.value)
        if RANK[m.at_least] > RANK[status]:
            results.append(CheckResult(name, m.at_least, m.value, None, m.evidence))
            continue
        results.append(CheckResult(name, status, m.value, thresholds.crossed(status), m.evidence))
    return results


@dataclass
class Changes:
    appended: list[CheckResult] = field(default_factory=list)  # a new status: a new row
    refreshed: list[CheckResult] = field(default_factory=list)  # same status: the latest row
    opened: list[CheckResult] = field(default_factory=list)
    worsened: list[CheckResult] = field(default_factory=list)  # an open incident turns red
    closed: list[str] = field(default_factory=list)  # checks whose open incident closes


def plan(
    results: list[CheckResult],
    latest: Mapping[str, Status],
    open_incidents: Mapping[str, Status],
) -> Changes:
    """`latest`: each check's newest stored status; `open_incidents`: each open incident's
    severity, by check."""
    changes = Changes()
    for r in results:
        before = latest.get(r.check)
        (changes.refreshed if before == r.status else changes.appended).append(r)
        severity = open_incidents.get(r.check)
        if r.status == "green":
            if severity is not None:
                changes.closed.append(r.check)
        elif severity is None:
            changes.opened.append(r)
        elif RANK[r.status] > RANK[severity]:
            changes.worsened.append(r)
    return changes
