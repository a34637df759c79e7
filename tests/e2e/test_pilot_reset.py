"""A pilot study reset against the real stack: the pilot's data is deleted in one go, the reset
is audited, the study decides again from its initial policy, and replay, over a log that still
holds the pilot's decisions, reports on the data after the reset only, exactly. Once the study
is live, no reset goes through, by the route, the CLI or SQL, and nothing is deleted."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from rlkernel.topics import Topics
from rlservice.replay.sources import read_log
from tests.e2e.test_training import (
    act_and_upload,
    finished,
    register,
    sql,
    start_learning_stack,
)
from tests.support.api import Api
from tests.support.cli import rlservice_report
from tests.support.records import rows
from tests.support.stack import Stack
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e
BANDIT = "/v1/studies/bandit"
# Every table a reset empties, and what is left in the others after it: version 1 from the
# priors, and the controls row that leaves the study unfrozen and unpinned.
EMPTIED = (
    "participants",
    "participant_status_changes",
    "decisions",
    "windows",
    "observations",
    "update_requests",
    "update_exclusions",
    "dead_letters",
)
LEFT = {"policy_versions": 1, "policy_controls": 1}


@pytest.fixture
def api(stack: Stack, tmp_path: Path) -> Iterator[Api]:
    client = start_learning_stack(stack, tmp_path)
    yield client
    client.http.close()


def counts(stack: Stack) -> dict[str, int]:
    return {
        table: rows(stack, f"SELECT count(*) AS n FROM {table} WHERE study_id = 'bandit'")[0].n
        for table in (*EMPTIED, *LEFT)
    }


def logged(stack: Stack) -> set[int]:
    topic = Topics(stack.namespace).decisions_made
    return {d.rid for d in asyncio.run(read_log(stack.settings(), topic, "bandit"))}


def observed(stack: Stack, n: int) -> None:
    query = "SELECT count(*) AS n FROM observations WHERE study_id = 'bandit'"
    wait_for(lambda: rows(stack, query)[0].n, lambda found: found == n, 30, f"{n} observations")


def update(api: Api) -> int:
    requested = api.post(f"{BANDIT}/updates", {})
    assert requested.status_code == 202, requested.text
    return int(finished(api, requested.json()["update_id"])["policy_version"])


def decided_by(api: Api, user: str, version: int, first: int) -> list[dict[str, Any]]:
    """Decisions until one by `version` (the decision service hears of a new one via Kafka)."""
    made: list[dict[str, Any]] = []

    def decide() -> dict[str, Any]:
        made.append(act_and_upload(api, user, first + len(made), clicks=1.0))
        return made[-1]

    wait_for(decide, lambda d: d["policy_version"] == version, 30, f"a decision by v{version}")
    return made


def pilot(api: Api, stack: Stack) -> list[dict[str, Any]]:
    """Two participants' decisions and outcomes, an update, a pin and an unpin, an exclusion
    and a dead letter: a row in every table a reset empties, and every decision on the log."""
    users = [register(api), register(api)]
    made = [act_and_upload(api, u, i, clicks=float(i)) for u in users for i in range(3)]
    observed(stack, 6)
    assert update(api) == 2
    made += decided_by(api, users[0], 2, first=3)
    for control, body in (("pin", {"version": 1}), ("unpin", {})):  # version 2 served again
        changed = api.post(f"{BANDIT}/controls/{control}", {"reason": "e2e", **body})
        assert changed.status_code == 200, changed.text
    excluded = api.post(f"{BANDIT}/exclusions", {"participant_id": users[1], "reason": "e2e"})
    assert excluded.status_code == 201, excluded.text
    no_decision = {"context": {"temperature": 20}, "action": 1, "action_prob": 0.5, "outcome": {}}
    upload = api.post(f"{BANDIT}/participants/{users[1]}/decisions/99/data", no_decision)
    assert upload.status_code == 202, upload.text
    wait_for(
        lambda: counts(stack)["dead_letters"], lambda n: n == 1, 60, "the upload dead-lettered"
    )
    observed(stack, len(made))
    # Its backend uploads outcomes itself, so no window closes: one is recorded as ingest
    # records a pulled window, for the reset to delete.
    sql(
        stack,
        "INSERT INTO windows (study_id, participant_id, decision_index, start_time, end_time, "
        "status, attempts, records) VALUES ('bandit', :p, 0, now(), now(), 'pulled', 1, 1)",
        p=users[0],
    )
    rids = {d["rid"] for d in made}
    wait_for(lambda: logged(stack), lambda found: rids <= found, 30, "the pilot on the log")
    return made


def reset(api: Api, confirm: str = "bandit") -> Any:
    return api.post(f"{BANDIT}/reset", {"confirm": confirm}, token=api.admin_token)


def rlservice(stack: Stack, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rlservice", *command],
        env={**os.environ, **stack.env()},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_reset_pilot_starts_again_from_its_initial_policy_and_replays_exactly(
    api: Api, stack: Stack, tmp_path: Path
) -> None:
    made = pilot(api, stack)
    before = counts(stack)
    assert all(before[t] for t in EMPTIED), before

    wrong = reset(api, confirm="miwaves")
    assert (wrong.status_code, wrong.json()["code"]) == (422, "confirmation_mismatch")
    assert counts(stack) == before
    done = reset(api)
    assert done.status_code == 200, done.text
    assert {t: done.json()["deleted"][t] for t in EMPTIED} == {t: before[t] for t in EMPTIED}
    assert done.json()["deleted"]["decisions"] == len(made)
    assert counts(stack) == dict.fromkeys(EMPTIED, 0) | LEFT

    audit = api.get(f"{BANDIT}/audit?limit=100").json()["entries"]
    [entry] = [e for e in audit if e["action"] == "study_reset"]
    assert entry["details"] == {
        "deleted": done.json()["deleted"],
        "reset_at": done.json()["reset_at"],
    }
    assert entry["actor"] == stack.settings().admin_username
    controls = api.get(f"{BANDIT}/controls").json()
    assert (controls["frozen"], controls["pinned_version"], controls["served_version"]) == (
        False,
        None,
        1,
    )

    # A new participant decides from version 1, as the pilot's first decisions did.
    user = register(api)
    again = [act_and_upload(api, user, i, clicks=float(i)) for i in range(3)]
    assert [d["policy_version"] for d in again] == [1, 1, 1]
    assert again[0]["probability"] == made[0]["probability"]  # the same state: temperature 20
    observed(stack, 3)
    assert update(api) == 2  # a version 2 again, not the pilot's
    again += decided_by(api, user, 2, first=3)
    rids = {d["rid"] for d in again}
    wait_for(lambda: logged(stack), lambda found: rids <= found, 30, "the trial on the log")

    code, report = rlservice_report(stack, tmp_path, "replay", "--study", "bandit")
    assert (code, report["mismatches"], report["log_vs_db_differences"]) == (0, 0, 0)
    assert (report["decisions"], report["policy_versions"]) == (len(again), 2)


def test_a_live_study_is_never_reset(api: Api, stack: Stack) -> None:
    pilot(api, stack)
    by_cli = rlservice(stack, "study", "reset", "bandit", "--yes")
    assert by_cli.returncode == 0, by_cli.stderr[-2000:]
    assert counts(stack) == dict.fromkeys(EMPTIED, 0) | LEFT
    user = register(api)
    act_and_upload(api, user, 0, clicks=1.0)
    observed(stack, 1)

    marked = rlservice(stack, "study", "live", "bandit")
    assert marked.returncode == 0, marked.stderr[-2000:]
    kept = counts(stack)
    refused = reset(api)
    assert (refused.status_code, refused.json()["code"]) == (409, "study_live")
    by_cli = rlservice(stack, "study", "reset", "bandit", "--yes")
    assert by_cli.returncode == 1 and "study_live" in by_cli.stdout
    again = api.post(f"{BANDIT}/live", None, token=api.admin_token)
    assert (again.status_code, again.json()["code"]) == (409, "study_live")
    # Nor by hand: the database lets a pilot's history go only while it is not live.
    with pytest.raises(DBAPIError, match="immutable"):
        rows(
            stack,
            "SELECT set_config('rls.pilot_reset', 'bandit', true); "
            "DELETE FROM policy_versions WHERE study_id = 'bandit'",
        )
    with pytest.raises(DBAPIError, match="stays live"):
        rows(stack, "UPDATE study_phases SET phase = 'pilot' WHERE study_id = 'bandit'")
    assert counts(stack) == kept
    audit = api.get(f"{BANDIT}/audit?limit=100").json()["entries"]
    assert [e["action"] for e in audit if e["action"].startswith("study_")] == [
        "study_marked_live",  # newest first
        "study_reset",
    ]
