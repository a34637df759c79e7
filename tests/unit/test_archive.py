"""The trial archive without a stack: rows round-trip as written, the manifest's checksums find
a changed, missing or extra member and name it, and an archive built in memory (decisions, an
exclusion, a re-fit version) replays exactly, with its seed key or without."""

from __future__ import annotations

import io
import json
import tarfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import inspect

from rladapters.record.sealed import SealError, seal
from rladapters.record.topics import TopicRecord, write_jsonl
from rldomain.algorithms import Observation as Obs
from rldomain.algorithms import encode_params
from rldomain.policy import code_version
from rldomain.seeds import study_key
from rldomain.study import Study, load_studies
from rlkernel.db import models as m
from rlservice.archive.container import (
    SEED_KEY,
    STUDY_FILE,
    ArchiveRefused,
    Member,
    gzipped,
    pack,
    table_member,
    topic_member,
    unpack,
)
from rlservice.archive.replaying import replay_archive
from rlservice.archive.rows import read_rows, table_name, write_rows
from tests.unit.test_replay_verifier import EXAMPLES, SECRET, three_action_log

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_rows_round_trip_with_times_dates_bytes_uuids_and_nulls() -> None:
    decision = m.Decision(
        id=7,
        rid=8,
        study_id="s",
        participant_id="p",
        decision_index=3,
        request_id=uuid.uuid4(),
        event_id=uuid.uuid4(),
        seed=2**62 + 1,
        action=2,
        probability=0.1 + 0.2,  # a float that prints long: it must come back bit for bit
        probabilities=[0.25, 0.30000000000000004, 0.45],
        policy_version=1,
        algorithm="blr_ts",
        state=[1.0, -0.5],
        context={"mood": "low", "nested": {"x": [1, None]}},
        recent_rewards=[],
        fallback=False,
        fallback_reason=None,
        decided_at=START,
        decided_by="decision-1",
        recorded_at=START + timedelta(microseconds=1),
        logged_at=None,
    )
    policy = m.PolicyVersion(
        study_id="s",
        version=2,
        parent_version=1,
        algorithm="blr_ts",
        params=bytes(range(256)),
        hyperparameters={},
        fit_on={"to_observation_id": 4},
        code_version="algorithms-x",
        created_at=START,
    )
    participant = m.Participant(
        study_id="s",
        participant_id="p",
        status="ACTIVE",
        baseline={"times": ["08:00"]},
        rl_start_date=date(2026, 3, 2),
        rl_end_date=None,
    )
    models: list[type[m.Base]] = [m.Decision, m.PolicyVersion, m.Participant]
    for model, row in zip(models, (decision, policy, participant), strict=True):
        out = io.BytesIO()
        assert write_rows(model, [row], out) == 1
        [back] = read_rows(model, io.BytesIO(out.getvalue()))
        for attr in inspect(model).column_attrs:
            assert getattr(back, attr.key) == getattr(row, attr.key), attr.key


def archive_of(tmp_path: Path, members: list[Member]) -> Path:
    path = tmp_path / "a.rlarchive"
    pack(path, {"study_id": "s"}, members)
    return path


MEMBERS = [
    Member("tables/x.jsonl.gz", gzipped(b'{"a":1}\n'), 1),
    Member(STUDY_FILE, b"id: s\n"),
]


def test_an_archive_unpacks_as_packed(tmp_path: Path) -> None:
    archive = unpack(archive_of(tmp_path, MEMBERS))
    assert archive.manifest["study_id"] == "s"
    assert archive.manifest["members"]["tables/x.jsonl.gz"]["rows"] == 1
    assert archive.open("tables/x.jsonl.gz").read() == b'{"a":1}\n'
    assert archive.members[STUDY_FILE] == b"id: s\n"
    assert (tmp_path / "a.rlarchive").stat().st_mode & 0o777 == 0o600


def flip_byte_of(path: Path, member: str) -> None:
    with tarfile.open(path) as tar:
        at = tar.getmember(member).offset_data
    data = bytearray(path.read_bytes())
    data[at + 3] ^= 0x01
    path.write_bytes(bytes(data))


def rewritten(path: Path, change: Any) -> None:
    """The archive with its members (name -> bytes) passed through `change`."""
    with tarfile.open(path) as tar:
        found = {i.name: tar.extractfile(i).read() for i in tar}  # type: ignore[union-attr]
    with tarfile.open(path, "w") as tar:
        for name, data in change(found).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (
            lambda p: flip_byte_of(p, "tables/x.jsonl.gz"),
            "tables/x.jsonl.gz: its checksum differs from the manifest's",
        ),
        (
            lambda p: flip_byte_of(p, STUDY_FILE),
            "study.yaml: its checksum differs from the manifest's",
        ),
        (
            lambda p: rewritten(p, lambda f: {**f, "extra.txt": b"x"}),
            "extra.txt: a member the manifest does not list",
        ),
        (
            lambda p: rewritten(p, lambda f: {k: v for k, v in f.items() if k != STUDY_FILE}),
            "study.yaml: listed in the manifest, missing from the archive",
        ),
        (
            lambda p: rewritten(
                p, lambda f: {**f, "manifest.json": f["manifest.json"].replace(b": 1,", b": 2,")}
            ),
            "format version 2: this rlservice reads 1 only",
        ),
        (lambda p: p.write_bytes(b"not a tar at all" * 100), "not a readable archive"),
    ],
    ids=["changed member", "changed study file", "extra", "missing", "version", "not a tar"],
)
def test_a_changed_archive_is_refused_naming_what_changed(
    tmp_path: Path, change: Any, refusal: str
) -> None:
    path = archive_of(tmp_path, MEMBERS)
    change(path)
    with pytest.raises(ArchiveRefused, match=refusal):
        unpack(path)


# An archive built as `rlservice archive` builds one, from decisions made in memory.


def as_row(d: Any) -> m.Decision:
    fields = d.model_dump(exclude={"schema_version", "occurred_at"})
    return m.Decision(**fields, recorded_at=d.decided_at)


def study_archive(tmp_path: Path, study: Study, passphrase: str | None) -> tuple[Path, int]:
    """Decisions under v1, observations of them, an exclusion of participant p1, and v2 fit on
    the rest: the archive of it, and how many decisions it holds."""
    log = three_action_log(study)
    initial = study.policy.initial_params()
    observations = [
        m.Observation(
            id=i + 1,
            study_id=study.id,
            participant_id=d.participant_id,
            decision_index=d.decision_index,
            rid=d.rid,
            source="pull",
            record={},
            reward=float(i % 4),
        )
        for i, d in enumerate(log)
    ]
    exclusion = m.UpdateExclusion(
        id=1, study_id=study.id, participant_id="p1", reason="withdrew", created_by="t"
    )
    by_slot = {(d.participant_id, d.decision_index): d for d in log}
    batch = [
        Obs(
            o.participant_id,
            tuple(d.state),
            d.action,
            d.probability,
            o.reward,
            probabilities=tuple(d.probabilities or ()),
        )
        for o in observations
        if o.participant_id != "p1"
        and not (d := by_slot[(o.participant_id, o.decision_index)]).fallback
    ]
    fit_on = {"from_observation_id": 1, "to_observation_id": len(log), "exclusions_upto": 1}
    versions = [
        m.PolicyVersion(
            study_id=study.id,
            version=v,
            parent_version=parent,
            algorithm="blr_ts",
            params=encode_params(params),
            hyperparameters={},
            fit_on=fit,
            code_version=code_version(),
            created_at=START - timedelta(days=1),
        )
        for v, parent, params, fit in [
            (1, None, initial, {}),
            (2, 1, study.policy.update(initial, batch), fit_on),
        ]
    ]
    records = [
        TopicRecord(0, i, d.participant_id.encode(), d.model_dump_json().encode(), 0)
        for i, d in enumerate(log)
    ]
    tables: list[tuple[type[m.Base], list[Any]]] = [
        (m.Decision, [as_row(d) for d in log]),
        (m.Observation, observations),
        (m.UpdateExclusion, [exclusion]),
        (m.PolicyVersion, versions),
        (m.StudyPhase, []),
    ]
    members = [records_member(records), *[rows_member(model, rows) for model, rows in tables]]
    members.append(Member(STUDY_FILE, (EXAMPLES / "three_messages.yaml").read_bytes()))
    if passphrase is not None:
        members.append(Member(SEED_KEY, seal(study_key(SECRET, study.id), passphrase)))
    path = tmp_path / "study.rlarchive"
    pack(path, {"study_id": study.id}, members)
    return path, len(log)


def records_member(records: list[TopicRecord]) -> Member:
    out = io.BytesIO()
    n = write_jsonl(records, out)
    return Member(topic_member("decisions.made"), gzipped(out.getvalue()), n)


def rows_member(model: type[m.Base], rows: list[Any]) -> Member:
    out = io.BytesIO()
    n = write_rows(model, rows, out)
    return Member(table_member(table_name(model)), gzipped(out.getvalue()), n)


@pytest.fixture(scope="module")
def study() -> Study:
    return load_studies(EXAMPLES)["three_messages"]


def replayed(path: Path, passphrase: str | None, tmp_path: Path) -> tuple[int, dict[str, Any]]:
    report = tmp_path / "report.json"
    code = replay_archive(path, passphrase, report, Console(file=io.StringIO()))
    return code, json.loads(report.read_text())


def test_an_archive_replays_exactly_with_its_seed_key(tmp_path: Path, study: Study) -> None:
    path, decisions = study_archive(tmp_path, study, "pass phrase")
    code, report = replayed(path, "pass phrase", tmp_path)
    assert report["findings"] == [] and code == 0
    assert (report["source"], report["decisions"], report["policy_versions"]) == (
        "archive",
        decisions,
        2,
    )


def test_without_the_passphrase_all_but_the_seeds_is_checked(tmp_path: Path, study: Study) -> None:
    path, decisions = study_archive(tmp_path, study, None)
    code, report = replayed(path, None, tmp_path)
    assert (code, report["decisions"], report["mismatches"]) == (0, decisions, 0)


def test_a_wrong_passphrase_is_refused_before_replaying(tmp_path: Path, study: Study) -> None:
    path, _ = study_archive(tmp_path, study, "pass phrase")
    with pytest.raises(SealError, match="wrong passphrase"):
        replayed(path, "another", tmp_path)
    assert not (tmp_path / "report.json").exists()
