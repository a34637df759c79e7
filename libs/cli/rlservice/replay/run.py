"""One replay from start to verdict: read, re-derive every decision, re-fit every policy version
from the observations it names, compare log and database, then write and print the report."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from sqlalchemy.orm import Session, sessionmaker

from rladapters.training_data import observations_between
from rlaudit.replay import Finding, Verifier, log_vs_db, unique_events
from rldomain.study import Study
from rlkernel.settings import Settings
from rlkernel.topics import Topics

from .report import print_summary, summarize, write_report
from .sources import read_db, read_log, read_policies

# On stderr: a replay answers with its exit code and its report file; this is for the watcher.
console = Console(stderr=True)


def replay(
    settings: Settings, sessions: sessionmaker[Session], study: Study, source: str, report: Path
) -> int:
    started = time.perf_counter()
    topics = Topics(settings.rls_namespace)
    log = (
        unique_events(asyncio.run(read_log(settings, topics.decisions_made, study.id)))
        if source in ("log", "both")
        else {}
    )
    db = unique_events(read_db(sessions, study.id)) if source in ("db", "both") else {}
    verifier = Verifier(
        study, settings.seed_secret.get_secret_value(), read_policies(sessions, study.id)
    )
    findings: list[Finding] = []
    decisions = log or db
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"re-deriving {len(decisions)} decisions", total=len(decisions))
        for i, d in enumerate(decisions.values()):
            findings += verifier.decision(d)
            if i % 500 == 0:
                progress.update(task, completed=i)
        versions = sorted(verifier.policies)
        task = progress.add_task(f"re-fitting {len(versions)} policy versions", total=len(versions))
        for v in versions:
            fit_on = verifier.policies[v].fit_on
            with sessions() as session:
                rows = observations_between(
                    session,
                    study.id,
                    int(fit_on.get("from_observation_id", 1)) - 1,
                    int(fit_on.get("to_observation_id", 0)),
                    int(fit_on.get("exclusions_upto", 0)),
                )
            findings += verifier.policy(v, [o for _, o in rows if o is not None])
            progress.advance(task)
    if source == "both":
        findings += log_vs_db(log, db)
    seconds = time.perf_counter() - started
    summary = summarize(study.id, source, len(decisions), len(verifier.policies), findings, seconds)
    write_report(report, summary, findings)
    print_summary(console, summary, findings, report)
    return 1 if summary["mismatches"] else 0
