"""The verdict of a replay, whatever it read the record from (the live deployment or an
archive): re-derive every decision, re-fit every policy version from the observations it
names, compare log and database, then write and print the report."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress

from rlaudit.replay import Finding, StoredPolicy, Verifier, log_vs_db, since_reset
from rldomain.algorithms import Observation
from rldomain.study import Study
from rlkernel.events import DecisionMade

from .report import print_summary, summarize, write_report

# On stderr: a replay answers with its exit code and its report file; this is for the watcher.
console = Console(stderr=True)

# A version's `fit_on` -> what it was fit on: (after observation id, up to id, exclusions up to).
FitRange = tuple[int, int, int]


@dataclass(frozen=True)
class Record:
    """What a replay reads. `log` and `db` are decisions by event id; None: not read."""

    log: dict[str, DecisionMade] | None
    db: dict[str, DecisionMade] | None
    policies: dict[int, StoredPolicy]
    # The observations (fallback outcomes left out) a version with this range was fit on.
    fit_data: Callable[[FitRange], list[Observation]]
    reset_at: datetime | None  # a pilot study's latest reset: decisions before it are gone


def fit_range(fit_on: dict[str, Any]) -> FitRange:
    return (
        int(fit_on.get("from_observation_id", 1)) - 1,
        int(fit_on.get("to_observation_id", 0)),
        int(fit_on.get("exclusions_upto", 0)),
    )


def verify(
    study: Study,
    key: bytes | None,
    record: Record,
    source: str,
    report: Path,
    started: float,
) -> dict[str, Any]:
    """The report's summary (report.summarize, with the first mismatch's ids). `started`: when
    reading began (the report's seconds)."""
    verifier = Verifier(study, key, record.policies)
    findings: list[Finding] = []
    # A pilot's decisions from before its latest reset are gone from the study: left out.
    log = None if record.log is None else since_reset(record.log, record.reset_at)
    db = None if record.db is None else since_reset(record.db, record.reset_at)
    decisions = log or db or {}
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"re-deriving {len(decisions)} decisions", total=len(decisions))
        for i, d in enumerate(decisions.values()):
            findings += verifier.decision(d)
            if i % 500 == 0:
                progress.update(task, completed=i)
        versions = sorted(verifier.policies)
        task = progress.add_task(f"re-fitting {len(versions)} policy versions", total=len(versions))
        for v in versions:
            batch = record.fit_data(fit_range(verifier.policies[v].fit_on))
            findings += verifier.policy(v, batch)
            progress.advance(task)
    if log is not None and db is not None:
        findings += log_vs_db(log, db)
    seconds = time.perf_counter() - started
    summary = summarize(study.id, source, len(decisions), len(verifier.policies), findings, seconds)
    summary["first_mismatch"] = first_mismatch(findings, {**(db or {}), **decisions})
    write_report(report, summary, findings)
    print_summary(console, summary, findings, report)
    return summary


def exit_code(summary: dict[str, Any]) -> int:
    """A replay's answer: 1 on any mismatch."""
    return 1 if summary["mismatches"] else 0


def first_mismatch(
    findings: list[Finding], events: dict[str, DecisionMade]
) -> dict[str, Any] | None:
    """The first counted finding by ids only (a scheduled audit stores it): the decision's
    slot, or the policy version. `events`: decisions by event id, a log-vs-database key."""
    for f in findings:
        if f.code_changed:
            continue
        if f.kind == "policy":  # key: "v<version>"
            return {"policy_version": int(f.key.removeprefix("v"))}
        if f.kind == "decision":  # key: "<participant>/<index>"
            participant, index = f.key.rsplit("/", 1)
            return {"participant_id": participant, "decision_index": int(index)}
        event = events.get(f.key)
        if event is not None:
            return {"participant_id": event.participant_id, "decision_index": event.decision_index}
    return None
