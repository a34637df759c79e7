"""`rlservice replay --archive`: the replay of a study from its archive alone, with no Kafka,
Redis or PostgreSQL: the checksums first, then the same verification as the live replay
(rlservice.replay.core), fed from the archive's files by the same row conversions and the same
selection of each version's observations.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import yaml
from rich.console import Console

from rladapters.record.sealed import unseal
from rladapters.record.topics import read_jsonl
from rladapters.training_data import select_for_fit
from rlaudit.replay import unique_events
from rldomain.algorithms import Observation
from rldomain.study import Study
from rlkernel.db import models as m
from rlservice.replay.core import FitRange, Record, exit_code, verify
from rlservice.replay.sources import decision_of, logged_decisions, stored_policy_of

from .container import (
    SEED_KEY,
    STUDY_FILE,
    ArchiveRefused,
    Unpacked,
    table_member,
    topic_member,
    unpack,
)
from .rows import Row, read_rows, table_name

T = TypeVar("T")


@dataclass(slots=True)
class _Answered:
    """An observation joined to its decision, as rladapters.training_data's query returns it."""

    id: int
    participant_id: str
    decision_index: int
    decided_at: datetime
    state: list[float]
    action: int
    probability: float
    probabilities: list[float] | None
    reward: float
    fallback: bool


def replay_archive(path: Path, passphrase: str | None, report: Path, console: Console) -> int:
    """Exit code 1 on any mismatch. Before anything is replayed, ArchiveRefused when the
    archive is not as written, SealError when the passphrase does not open its seed key."""
    started = time.perf_counter()
    archive = unpack(path)
    study = Study.model_validate(yaml.safe_load(archive.members[STUDY_FILE]))
    if study.id != archive.manifest.get("study_id"):
        raise ArchiveRefused(f"{STUDY_FILE}: study {study.id!r}, not the manifest's")
    key = None
    if passphrase is not None and SEED_KEY in archive.members:
        key = unseal(archive.members[SEED_KEY], passphrase)
    code = archive.manifest.get("code_version") or {}
    console.print(
        f"archive of study {study.id}, written {archive.manifest.get('created_at')} by "
        f"{code.get('git') or code.get('package')} ({code.get('algorithms')}): "
        "every member matches its checksum"
    )
    if key is None:
        why = "it holds no seed key" if passphrase is not None else "no passphrase was given"
        console.print(f"[yellow]seeds are not checked ({why}); everything else is[/yellow]")

    decisions_topic = topic_member("decisions.made")
    logged = _rows(archive, decisions_topic, list(read_jsonl(archive.open(decisions_topic))))
    decisions = _table(archive, m.Decision)
    answered = _answered(_table(archive, m.Observation), decisions)
    exclusions = _table(archive, m.UpdateExclusion)

    def fit_data(fit: FitRange) -> list[Observation]:
        return [o for _, o in select_for_fit(answered, exclusions, *fit) if o is not None]

    phases = _table(archive, m.StudyPhase)
    record = Record(
        unique_events(logged_decisions(logged)),
        unique_events(decision_of(r) for r in decisions),
        {r.version: stored_policy_of(r) for r in _table(archive, m.PolicyVersion)},
        fit_data,
        phases[0].last_reset_at if phases else None,
    )
    return exit_code(verify(study, key, record, "archive", report, started))


def _table(archive: Unpacked, model: type[Row]) -> list[Row]:
    name = table_member(table_name(model))
    return _rows(archive, name, read_rows(model, archive.open(name)))


def _rows(archive: Unpacked, name: str, rows: list[T]) -> list[T]:
    """`rows`, read from member `name`, if as many as the manifest says."""
    if len(rows) != archive.rows(name):
        raise ArchiveRefused(f"{name}: {len(rows)} rows, the manifest says {archive.rows(name)}")
    return rows


def _answered(observations: list[m.Observation], decisions: list[m.Decision]) -> list[_Answered]:
    """The query's inner join, on the slot: an observation answers its slot's decision."""
    by_slot = {(d.participant_id, d.decision_index): d for d in decisions}
    joined = []
    for o in observations:
        d = by_slot.get((o.participant_id, o.decision_index))
        if d is not None:
            joined.append(
                _Answered(
                    o.id,
                    d.participant_id,
                    d.decision_index,
                    d.decided_at,
                    d.state,
                    d.action,
                    d.probability,
                    d.probabilities,
                    o.reward,
                    d.fallback,
                )
            )
    return joined
