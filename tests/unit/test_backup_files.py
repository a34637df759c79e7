"""A backup's files: the manifest lists every file with its checksum and catches a changed,
missing or added one; the secrets are sealed, named in the manifest, never in clear; pruning
keeps the newest and touches no other deployment's; a restore refuses a non-empty target, a
study file or a secret it would contradict, before changing anything."""

from __future__ import annotations

import json
import re
import shutil
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dotenv import dotenv_values
from pydantic import SecretStr

from rladapters.record.backup import (
    SEALED,
    BackupInvalid,
    Manifest,
    backups,
    finish,
    prune,
    verify,
)
from rladapters.record.groups import as_positions
from rladapters.record.restore import (
    RestoreRefused,
    refuse_other_secrets,
    refuse_other_studies,
    refuse_unless_empty,
    write_secrets,
)
from rladapters.record.sealed import unseal
from rladapters.record.topics import TopicRecord
from rlkernel.settings import PROJECT_ROOT, Settings
from trainer.backups import due

NOW = datetime(2026, 11, 30, 16, tzinfo=UTC)


def a_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str = "rls-1") -> Path:
    studies = tmp_path / "studies"
    studies.mkdir(exist_ok=True)
    shutil.copyfile(PROJECT_ROOT / "examples/studies/miwaves.yaml", studies / "miwaves.yaml")
    monkeypatch.setenv("MIWAVES_BACKEND_TOKEN", "backend-token-value")
    settings = Settings(studies_dir=studies, seed_secret=SecretStr("the-seed-secret-value"))
    partial = tmp_path / f".{name}.partial"
    (partial / "topics").mkdir(parents=True)
    (partial / "topics" / "decisions.made.jsonl").write_bytes(b'{"line": 1}\n')
    (partial / "postgres.dump").write_bytes(b"PGDMP fake")
    manifest = Manifest(
        created_at=NOW,
        reason="command",
        namespace="rls",
        database="rlservice",
        code_version="algorithms-x",
        topics={},
        groups={},
        studies=[],
        secrets=[],
        checksums={},
    )
    return finish(settings, partial, manifest, "correct horse")


def test_a_backup_verifies_and_its_secrets_open_with_the_passphrase_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = a_backup(tmp_path, monkeypatch)
    assert folder == tmp_path / "rls-1" and not (tmp_path / ".rls-1.partial").exists()
    manifest = verify(folder)
    assert manifest.studies == ["miwaves.yaml"]
    assert set(manifest.checksums) == {
        "postgres.dump",
        "topics/decisions.made.jsonl",
        "studies/miwaves.yaml",
        SEALED,
    }
    assert {"SEED_SECRET", "MIWAVES_BACKEND_TOKEN"} <= set(manifest.secrets)
    on_disk = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    assert b"the-seed-secret-value" not in on_disk and b"backend-token-value" not in on_disk
    opened = json.loads(unseal((folder / SEALED).read_bytes(), "correct horse"))
    assert opened["SEED_SECRET"] == "the-seed-secret-value"
    assert opened["MIWAVES_BACKEND_TOKEN"] == "backend-token-value"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda f: (f / "postgres.dump").write_bytes(b"PGDMP fakf"), "postgres.dump has changed"),
        (lambda f: (f / "studies" / "miwaves.yaml").unlink(), "studies/miwaves.yaml is missing"),
        (lambda f: (f / "topics" / "extra.jsonl").write_bytes(b""), "topics/extra.jsonl is not"),
        (lambda f: (f / "manifest.json").write_text("{"), "no readable manifest.json"),
    ],
)
def test_a_changed_missing_or_added_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: object, named: str
) -> None:
    folder = a_backup(tmp_path, monkeypatch)
    change(folder)  # type: ignore[operator]
    with pytest.raises(BackupInvalid, match=named):
        verify(folder)


def test_pruning_keeps_the_newest_and_leaves_other_deployments_and_other_files(
    tmp_path: Path,
) -> None:
    for name in ("rls-20261101", "rls-20261102", "rls-20261103", "sim-20261101"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "manifest.json").write_text("{}")
    (tmp_path / ".rls-20261104.partial").mkdir()  # a backup that died half-written
    (tmp_path / "rls-notes").mkdir()  # no manifest: not a backup, not ours to delete
    deleted = prune(tmp_path, "rls", kept=2)
    assert [p.name for p in deleted] == ["rls-20261101", ".rls-20261104.partial"]
    assert [p.name for p in backups(tmp_path, "rls")] == ["rls-20261102", "rls-20261103"]
    assert (tmp_path / "sim-20261101").exists() and (tmp_path / "rls-notes").exists()


def test_a_scheduled_backup_is_due_when_none_is_that_recent() -> None:
    assert due(None, NOW, 24) and not due(None, NOW, 0)
    assert not due(NOW - timedelta(hours=23), NOW, 24)
    assert due(NOW - timedelta(hours=24), NOW, 24)


def test_a_committed_offset_becomes_a_position_in_the_copied_records() -> None:
    records = [TopicRecord(p, o, None, b"{}", 0) for p, o in ((0, 0), (0, 1), (0, 5), (1, 3))]
    assert as_positions({0: 5, 1: 4, 2: 0}, records) == {0: 2, 1: 1, 2: 0}


def test_a_restore_refuses_a_target_that_holds_data_naming_what() -> None:
    refuse_unless_empty([], [])
    with pytest.raises(RestoreRefused, match=re.escape("table decisions, topic t.decisions.made")):
        refuse_unless_empty(["decisions"], ["t.decisions.made"])


def test_a_restore_refuses_to_replace_a_different_study_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = a_backup(tmp_path, monkeypatch)
    target = tmp_path / "target-studies"
    target.mkdir()
    manifest = verify(folder)
    refuse_other_studies(folder, manifest, target)  # absent: it will be written
    shutil.copyfile(folder / "studies" / "miwaves.yaml", target / "miwaves.yaml")
    refuse_other_studies(folder, manifest, target)  # the same: nothing to do
    (target / "miwaves.yaml").write_text("id: miwaves\n")
    with pytest.raises(RestoreRefused, match=re.escape("differs from the backup's miwaves.yaml")):
        refuse_other_studies(folder, manifest, target)


def test_secrets_go_into_a_private_env_file_that_reads_them_back(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092\nSEED_SECRET=same-value\n")
    secrets = {"SEED_SECRET": "same-value", "JWT_SECRET": 'a\'b "c" #d $e\\f'}
    refuse_other_secrets(env, secrets)
    write_secrets(env, secrets)
    assert dotenv_values(env) == {"KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:19092", **secrets}
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    with pytest.raises(RestoreRefused, match="sets SEED_SECRET otherwise than the backup"):
        refuse_other_secrets(env, {"SEED_SECRET": "another-deployment's"})
