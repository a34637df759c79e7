"""A backup restored into an empty deployment is the same record: `rlservice replay` over it is
exact, with as many decisions and policy versions as the original's, also when the backup was
taken between a decision's storing and its publishing. A restore into a deployment that holds
data is refused and changes nothing; the trainer's backup before an update appears when
BACKUP_BEFORE_UPDATE is on."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from dotenv import dotenv_values

from rladapters.record.backup import Manifest, backups, checksums
from rladapters.record.groups import read_group_offsets
from tests.e2e.test_replay import a_trial_with_an_update, recorded
from tests.e2e.test_training import (
    act_and_upload,
    register,
    sql,
    start_learning_stack,
    wait_for,
)
from tests.support.api import Api
from tests.support.cleanup import delete_namespace_topics
from tests.support.cli import rlservice_report
from tests.support.infra import Infra
from tests.support.stack import Stack, create_database, drop_database

pytestmark = pytest.mark.e2e

PASSPHRASE = "a passphrase the operator keeps"


@pytest.fixture
def empty(infra: Infra, template_database: str) -> Iterator[Stack]:
    """A second deployment that has never run: a fresh database (the migrated template's copy)
    and a namespace with no topics yet."""
    name = f"rls_test_{uuid.uuid4().hex[:8]}"
    target = Stack(
        infra.kafka, infra.redis_url, create_database(infra.database_url, name, template_database)
    )
    yield target
    target.stop_all()
    delete_namespace_topics(infra.kafka, target.namespace)
    drop_database(infra.database_url, name)


def rlservice(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rlservice", *args],
        env={**os.environ, **stack.env()},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def counts(stack: Stack) -> dict[str, int]:
    tables = ("participants", "decisions", "observations", "policy_versions")
    return {t: sql(stack, f"SELECT count(*) AS n FROM {t}")[0].n for t in tables}


def test_a_backup_restored_into_an_empty_deployment_replays_exactly(
    stack: Stack, empty: Stack, tmp_path: Path
) -> None:
    passphrase = tmp_path / "passphrase"
    passphrase.write_text(PASSPHRASE + "\n")
    trainer_backups = tmp_path / "trainer-backups"
    stack.extra_env |= {
        "BACKUP_DIR": str(trainer_backups),
        "BACKUP_BEFORE_UPDATE": "true",
        "BACKUP_PASSPHRASE_FILE": str(passphrase),
    }
    api, users, decisions = a_trial_with_an_update(stack, tmp_path)
    api.http.close()

    # The trainer backs up before updates (the example studies' scheduled ones at its start,
    # then the request's unless one is being written), with the secrets sealed.
    first = wait_for(lambda: backups(trainer_backups, stack.namespace), 60, "a trainer backup")[0]
    manifest = Manifest.model_validate_json((first / "manifest.json").read_text())
    assert manifest.reason == "before_update" and "SEED_SECRET" in manifest.secrets

    code, original = rlservice_report(stack, tmp_path, "replay", "--study", "bandit")
    assert (code, original["mismatches"], original["policy_versions"]) == (0, 0, 2)
    assert original["decisions"] == len(decisions)

    taken = rlservice(
        stack, "backup", "--out", str(tmp_path / "backups"), "--passphrase-file", str(passphrase)
    )
    assert taken.returncode == 0, taken.stderr[-2000:]
    folder = Path(taken.stdout.strip().splitlines()[-1])
    assert PASSPHRASE not in taken.stdout + taken.stderr

    env_file = tmp_path / "restored.env"
    empty.extra_env["STUDIES_DIR"] = str(tmp_path / "restored-studies")
    args = [
        "restore",
        str(folder),
        "--passphrase-file",
        str(passphrase),
        "--env-file",
        str(env_file),
    ]
    done = rlservice(empty, *args)
    assert done.returncode == 0, done.stderr[-2000:]
    secrets = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    assert secrets["SEED_SECRET"] == stack.settings().seed_secret.get_secret_value()
    assert all(v not in done.stdout + done.stderr for v in secrets.values()), "names only"
    assert (tmp_path / "restored-studies" / "bandit.yaml").exists()
    # Each consumer group stands where it stood: the restored services read on from there.
    taken_at = Manifest.model_validate_json((folder / "manifest.json").read_text())
    assert (
        taken_at.groups
        and asyncio.run(read_group_offsets(empty.settings(), list(taken_at.topics)))
        == taken_at.groups
    )

    # Replay reads the restored deployment only, with the secrets the restore wrote.
    empty.extra_env |= secrets
    code, restored = rlservice_report(empty, tmp_path, "replay", "--study", "bandit")
    assert (code, restored["mismatches"], restored["log_vs_db_differences"]) == (0, 0, 0)
    assert (restored["decisions"], restored["policy_versions"]) == (len(decisions), 2)

    # Now it holds data: a second restore is refused before it changes anything.
    before = counts(empty)
    again = rlservice(empty, *args)
    assert again.returncode == 1 and "not empty" in again.stderr
    assert counts(empty) == before

    # The restored deployment goes on: the served version is 2, no rid is used twice, and the
    # record still replays exactly.
    restored_api = start_learning_stack_on(empty)
    after = act_and_upload(restored_api, users[0], 8, clicks=1.0)
    restored_api.http.close()
    assert after["policy_version"] == 2 and after["rid"] > max(d["rid"] for d in decisions)
    wait_for(lambda: recorded(empty, [after]), 30, "the new decision recorded")
    code, going_on = rlservice_report(empty, tmp_path, "replay", "--study", "bandit")
    assert (code, going_on["mismatches"], going_on["decisions"]) == (0, 0, len(decisions) + 1)
    assert going_on["policy_versions"] == 2, "no version from reading the old log again"


def start_learning_stack_on(restored: Stack) -> Api:
    for service in ("gateway", "decision", "ingest", "trainer"):
        restored.start(service)
    restored.wait_until(lambda r: r.get("status") == "ok", 60, "the restored stack ok")
    return Api(restored)


def test_a_restore_over_data_is_refused_and_one_taken_mid_publish_is_made_whole(
    stack: Stack, empty: Stack, tmp_path: Path
) -> None:
    """Restoring over the very deployment a backup came from would mix two histories: refused,
    naming what it holds. A backup whose database holds a decision its copy of the log lacks
    (stored, not yet published, when the topics were copied) restores to a deployment whose
    decision service publishes it, after which replay is exact."""
    api = start_learning_stack(stack, tmp_path)
    user = register(api)
    decisions = [act_and_upload(api, user, i, clicks=1.0) for i in range(2)]
    wait_for(lambda: recorded(stack, decisions), 30, "the decisions recorded")
    api.http.close()
    taken = rlservice(stack, "backup", "--out", str(tmp_path / "backups"))
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert "secrets were left out" in taken.stderr
    folder = Path(taken.stdout.strip().splitlines()[-1])
    assert json.loads((folder / "manifest.json").read_text())["secrets"] == []

    before = counts(stack)
    refused = rlservice(stack, "restore", str(folder), "--env-file", str(tmp_path / "x.env"))
    assert refused.returncode == 1
    assert "table participants" in refused.stderr and "topic " in refused.stderr
    assert counts(stack) == before and not (tmp_path / "x.env").exists()

    mid_publish = without_the_last_logged_decision(folder, tmp_path / "mid-publish")
    empty.extra_env["STUDIES_DIR"] = str(tmp_path / "restored-studies")
    done = rlservice(empty, "restore", str(mid_publish), "--env-file", str(tmp_path / "x.env"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1 decisions and 0 observations were stored after the log was copied" in done.stderr
    code, lacking = rlservice_report(empty, tmp_path, "replay", "--study", "bandit")
    assert (code, lacking["log_vs_db_differences"]) == (1, 1)
    empty.start("decision")  # its sweeper publishes what the log lacks
    wait_for(
        lambda: rlservice_report(empty, tmp_path, "replay", "--study", "bandit")[0] == 0,
        60,
        "the restored log caught up with the database",
    )


def without_the_last_logged_decision(folder: Path, copy: Path) -> Path:
    """The backup as if taken while its last decision was stored but not yet published: that
    decision's event left out of the topic copy, the manifest's checksums made to match."""
    shutil.copytree(folder, copy)
    log = copy / "topics" / "decisions.made.jsonl"
    log.write_text("".join(log.read_text().splitlines(keepends=True)[:-1]))
    manifest = Manifest.model_validate_json((copy / "manifest.json").read_text())
    manifest.topics["decisions.made"].records -= 1
    manifest = manifest.model_copy(update={"checksums": checksums(copy)})
    (copy / "manifest.json").write_text(manifest.model_dump_json())
    return copy
