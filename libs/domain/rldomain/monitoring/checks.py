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
            # Red: only one answer reached the participant, but the protocol randomized the
            # slot twice, which the trial promises never happens.
            Thresholds(red=1),
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
        Check(
            "mean_probability",
            "decision times of the latest complete day (a daily schedule's window of the day; "
            "else the whole day) whose mean P(treatment) across participants lies outside the "
            "study's bounds (monitoring.allocation.probability)",
            "look at the posterior and the states of that time: the policy may have converged, "
            "or a feature may be stuck for everyone",
            Thresholds(yellow=1),
        ),
        Check(
            "treated_share",
            "decision times of the latest complete day whose share of treated decisions lies "
            "outside the study's bounds (monitoring.allocation.treated_share)",
            "compare with mean_probability: a share far from the probabilities is a "
            "randomization problem (randomization_integrity), else the policy's",
            Thresholds(yellow=1),
        ),
        Check(
            "treatment_burden",
            "participants whose treatments over the last 7 days exceed the study's burden cap "
            "or fall under its floor (monitoring.burden; off unless the study sets either)",
            "check the participants' timelines; tighten the clip bounds or the cap",
            Thresholds(yellow=1),
        ),
        Check(
            "ema_missingness",
            "the share of the windows closed in the last day that have no outcome data (pulled "
            "empty, or the pull failed)",
            "ask the study team whether participants stopped answering or the app stopped "
            "prompting; failed pulls show in failed_windows",
            Thresholds(yellow=0.3, red=0.6),
        ),
        Check(
            "ema_missingness_drift",
            "how much the last day's missing share exceeds the 7 days' before it",
            "look for a change that day: an app release, a backend outage, a cohort's end",
            Thresholds(yellow=0.2),
        ),
        Check(
            "posterior_sanity",
            "fitted posteriors the gate refused since the newest policy version (not finite, "
            "not positive definite, or blown up against the prior); the current version stays",
            "read the cause in refused_versions; find the observations on the wrong scale and "
            "exclude them (POST .../updates/exclusions), then request an update",
            Thresholds(red=1),
        ),
        Check(
            "update_latency",
            "minutes from an update request to its published version, the longest over the "
            "last 7 days (a request still waiting counts its wait so far)",
            "see whether the trainer is running and keeping up: its log, consumer lag",
            Thresholds(yellow=30, red=120),
        ),
        Check(
            "replay_audit",
            "mismatches the latest scheduled audit found (rlservice replay --study S --record): "
            "decisions or policy versions that do not follow from the record and the code, or "
            "a log and a database that disagree; yellow, whatever the value, while a decision "
            "has waited longer than monitoring.audit_max_age_hours for an audit",
            "stop and audit: re-run the replay, read its report from the first mismatching "
            "slot; yellow: see why the scheduled audit did not run (the CronJob's log)",
            Thresholds(red=1),
        ),
        # Deployment-wide (trainer.deployment_health): the same value under every study.
        Check(
            "consumer_lag",
            "the largest backlog, in messages, of any consumer group of the deployment",
            "see which service falls behind (rls_consumer_lag_messages by group and topic); "
            "add replicas or find the slow dependency",
            Thresholds(yellow=1000, red=10000),
        ),
        Check(
            "disk_used",
            "the fullest watched disk's used share (PostgreSQL's data, Kafka's logs: "
            "MONITORING_DISK_PATHS)",
            "free space or grow the volume before PostgreSQL or Kafka stop writing",
            Thresholds(yellow=0.8, red=0.9),
        ),
        Check(
            "memory_rss",
            "the trainer process's resident memory, in MiB",
            "look for a study whose posterior grows with its participants; give the trainer "
            "more memory",
            Thresholds(yellow=1024, red=2048),
        ),
        Check(
            "db_pool",
            "the trainer's checked-out database connections over its pool's size",
            "look for slow queries or a stuck transaction (pg_stat_activity)",
            Thresholds(yellow=0.8, red=1.5),
        ),
        Check(
            "db_connections",
            "the database server's client connections in use over its max_connections: every "
            "service's pool, the backups and the replays together",
            "raise max_connections above what the replicas' pools can hold (docs/production.md, "
            "Connections), or find what holds connections (pg_stat_activity)",
            Thresholds(yellow=0.8, red=0.9),
        ),
    )
}
