"""A trial archive outlives its deployment: a short trial on the real stack is archived, the
stack stopped, and `rlservice replay --archive` re-derives every decision and policy version
from the file alone, with Kafka, PostgreSQL and Redis pointed at a closed port (any connection
attempt would fail the replay). A changed byte in the archive is refused, naming the member."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.e2e.test_replay import a_trial_with_an_update
from tests.support.stack import Stack, free_port

pytestmark = pytest.mark.e2e

PASSPHRASE = "the auditors' passphrase"
DECISIONS = "tables/decisions.jsonl.gz"


def rlservice(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rlservice", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def nothing_running(tmp_path: Path) -> dict[str, str]:
    """Every store at a port nobody listens on, and no study files: only the archive is left."""
    closed = free_port()
    (tmp_path / "no-studies").mkdir()
    return {
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{closed}",
        "DATABASE_URL": f"postgresql+psycopg2://nobody@127.0.0.1:{closed}/gone",
        "REDIS_URL": f"redis://127.0.0.1:{closed}/0",
        "STUDIES_DIR": str(tmp_path / "no-studies"),
        "SEED_SECRET": "not-the-deployment-secret",
        "RLS_NAMESPACE": "gone",
    }


def flip_a_byte_of(path: Path, member: str) -> None:
    with tarfile.open(path) as tar:
        at = tar.getmember(member).offset_data + 20
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def test_an_archive_replays_exactly_with_the_deployment_gone(stack: Stack, tmp_path: Path) -> None:
    api, _, decisions = a_trial_with_an_update(stack, tmp_path)
    api.http.close()
    passphrase = tmp_path / "passphrase"
    passphrase.write_text(PASSPHRASE + "\n")
    archive = tmp_path / "bandit.rlarchive"
    written = rlservice(
        stack.env(),
        *("archive", "--study", "bandit", "--out", str(archive)),
        *("--passphrase-file", str(passphrase)),
    )
    assert written.returncode == 0, written.stderr[-2000:]
    assert PASSPHRASE not in written.stdout + written.stderr
    with tarfile.open(archive) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        manifest = json.loads(member.read())
    assert manifest["study_id"] == "bandit" and manifest["seed_key"] == "sealed"
    assert manifest["members"][DECISIONS]["rows"] == len(decisions)
    assert manifest["members"]["topics/decisions.made.jsonl.gz"]["rows"] == len(decisions)
    assert manifest["members"]["tables/policy_versions.jsonl.gz"]["rows"] == 2

    stack.stop_all()
    gone = nothing_running(tmp_path)
    report = tmp_path / "replay.json"
    args = ("replay", "--archive", str(archive), "--passphrase-file", str(passphrase))
    done = rlservice(gone, *args, "--report", str(report))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "seeds are not checked" not in done.stderr
    replayed = json.loads(report.read_text())
    assert (replayed["source"], replayed["mismatches"], replayed["findings"]) == ("archive", 0, [])
    assert (replayed["decisions"], replayed["policy_versions"]) == (len(decisions), 2)
    assert replayed["log_vs_db_differences"] == 0

    flip_a_byte_of(archive, DECISIONS)
    report.unlink()
    refused = rlservice(gone, *args, "--report", str(report))
    assert refused.returncode == 2
    assert f"{DECISIONS}: its checksum differs from the manifest's" in refused.stderr
    assert not report.exists()
